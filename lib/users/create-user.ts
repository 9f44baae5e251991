import { z } from "zod/mini";
import type { Db } from "@/lib/db";
import { isCommonPassword, TOO_COMMON_MESSAGE } from "@/lib/auth/common-passwords";
import { hashPassword } from "@/lib/auth/password";
import { emailSchema, newPasswordSchema } from "@/lib/validation/auth";
import { findCompanyBySlug } from "./store";

const createUserSchema = z.object({
  email: emailSchema,
  name: z.string().check(z.trim(), z.minLength(1, "Name is required."), z.maxLength(120)),
  password: z.optional(newPasswordSchema),
  company: z.string().check(z.trim(), z.minLength(1, "Company slug is required.")),
  /** "staff" (the default) or "admin": an administrator of the company sees Company settings. */
  role: z.optional(z.enum(["staff", "admin"], "Use staff or admin.")),
});

export type CreateUserInput = z.input<typeof createUserSchema>;
export type CreateUserResult =
  | { ok: true; userId: string }
  | { ok: false; error: "INVALID_INPUT" | "UNKNOWN_COMPANY" | "DUPLICATE_EMAIL" | "PASSWORD_REQUIRED"; message: string };

/**
 * Creates a user of an existing company. Password companies need a password
 * (at least 12 characters); SSO users are created without one.
 */
export async function createUser(db: Db, input: CreateUserInput): Promise<CreateUserResult> {
  const parsed = createUserSchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join(" ");
    return { ok: false, error: "INVALID_INPUT", message };
  }
  const { email, name, password, company: slug, role } = parsed.data;
  const company = await findCompanyBySlug(db, slug);
  if (!company) return { ok: false, error: "UNKNOWN_COMPANY", message: `No company with slug "${slug}".` };
  if (company.signInMethod === "PASSWORD" && !password) {
    return { ok: false, error: "PASSWORD_REQUIRED", message: "password: required for a company that signs in with passwords." };
  }
  if (password && isCommonPassword(password)) return { ok: false, error: "INVALID_INPUT", message: `password: ${TOO_COMMON_MESSAGE}` };
  const passwordHash = company.signInMethod === "PASSWORD" && password ? await hashPassword(password) : null;
  try {
    const user = await db.user.create({ data: { email, name, passwordHash, companyId: company.id, role: role === "admin" ? "ADMIN" : "STAFF" } });
    return { ok: true, userId: user.id };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      return { ok: false, error: "DUPLICATE_EMAIL", message: `A user with email ${email} already exists.` };
    }
    throw error;
  }
}
