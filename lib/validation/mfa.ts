import { z } from "zod";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

/**
 * A one-time password as typed or pasted: "123456", "123 456" and "123-456"
 * become "123456". Only ASCII digits count (no Arabic-Indic or other digits).
 */
export const otpSchema = z
  .string()
  .max(32, "Enter the 6-digit code.")
  .transform((v) => v.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^[0-9]{6}$/, "Enter the 6-digit code."));

/** Every form that takes one code: the OTP page and both enrollment confirmations. */
export const codeFormSchema = z.object({ code: otpSchema });
export type CodeFormInput = z.input<typeof codeFormSchema>;

export const mfaMethodSchema = z.enum(["NONE", "TOTP", "EMAIL"]);

export const mfaSettingsSchema = z.object({
  method: mfaMethodSchema,
  currentPassword: z.string().min(1, "Enter your current password.").max(MAX_PASSWORD_LENGTH),
});
export type MfaSettingsInput = z.input<typeof mfaSettingsSchema>;
