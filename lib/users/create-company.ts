import { z } from "zod/mini";
import type { Db } from "@/lib/db";

const createCompanySchema = z.object({
  slug: z.string().check(z.trim(), z.regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "Use 2 to 40 lower-case letters, digits or hyphens.")),
  name: z.string().check(z.trim(), z.minLength(1, "Name is required."), z.maxLength(120)),
  sso: z.optional(z.boolean()),
});

export type CreateCompanyResult = { ok: true; companyId: string } | { ok: false; error: "INVALID_INPUT" | "DUPLICATE_SLUG"; message: string };

/** Creates a company (password sign-in, or single sign-on with `sso`). */
export async function createCompany(db: Db, input: z.input<typeof createCompanySchema>): Promise<CreateCompanyResult> {
  const parsed = createCompanySchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: "INVALID_INPUT", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" ") };
  }
  try {
    const company = await db.company.create({ data: { slug: parsed.data.slug, name: parsed.data.name, signInMethod: parsed.data.sso ? "SSO" : "PASSWORD" } });
    return { ok: true, companyId: company.id };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return { ok: false, error: "DUPLICATE_SLUG", message: `A company with slug "${parsed.data.slug}" already exists.` };
    throw error;
  }
}
