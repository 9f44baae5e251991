// Form schemas shared by the browser (zodResolver) and the server actions.
// zod/mini keeps them out of the page's JavaScript weight (tree-shakable: a
// few kB instead of about 44 kB gzip for classic zod).
import { z } from "zod/mini";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

const EMAIL_MESSAGE = "Enter a valid email address.";

export const emailSchema = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254, EMAIL_MESSAGE)),
  z.email(EMAIL_MESSAGE),
);

/** The sign-in form. Length limits only; the password's strength is not checked here. */
export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().check(z.minLength(1, "Enter your password."), z.maxLength(MAX_PASSWORD_LENGTH, "Incorrect email or password.")),
  callbackUrl: z.optional(z.string().check(z.maxLength(2048))),
});
export type SignInInput = z.input<typeof signInSchema>;

export const newPasswordSchema = z
  .string()
  .check(
    z.minLength(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`),
    z.maxLength(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`),
  );

/** The "Change password" form. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().check(z.minLength(1, "Enter your current password."), z.maxLength(MAX_PASSWORD_LENGTH)),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .check(
    z.refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords don't match." }),
    z.refine((v) => v.newPassword !== v.currentPassword, {
      path: ["newPassword"],
      message: "Choose a password different from your current one.",
    }),
  );
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

/** "Forgot your password?": the email only. */
export const forgotPasswordSchema = z.object({ email: emailSchema });
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

/** "Choose a new password" on the emailed link: the rules and messages of Change password; the link's token rides along. */
export const resetPasswordSchema = z
  .object({
    token: z.string().check(z.minLength(1), z.maxLength(128)),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .check(z.refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "The passwords don't match." }));
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;

/** Field messages of a failed parse, for the form. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string[]> {
  return z.flattenError(error).fieldErrors as Record<string, string[]>;
}
