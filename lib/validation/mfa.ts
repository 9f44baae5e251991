import { z } from "zod/mini";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

const CODE_MESSAGE = "Enter the 6-digit code.";

/**
 * A one-time password as typed or pasted: "123456", "123 456" and "123-456"
 * become "123456". Only ASCII digits count (no Arabic-Indic or other digits).
 */
export const otpSchema = z.pipe(
  z.pipe(
    z.string().check(z.maxLength(32, CODE_MESSAGE)),
    z.transform((v: string) => v.replace(/[\s-]/g, "")),
  ),
  z.string().check(z.regex(/^[0-9]{6}$/, CODE_MESSAGE)),
);

/** Every form that takes one code: the OTP page and both enrollment confirmations. */
export const codeFormSchema = z.object({ code: otpSchema });
export type CodeFormInput = z.input<typeof codeFormSchema>;

export const mfaMethodSchema = z.enum(["NONE", "TOTP", "EMAIL"]);

export const mfaSettingsSchema = z.object({
  method: mfaMethodSchema,
  currentPassword: z.string().check(z.minLength(1, "Enter your current password."), z.maxLength(MAX_PASSWORD_LENGTH)),
  /** A current code from the present method; needed to change or turn off MFA that is on (checked by the server). */
  currentCode: z.optional(z.string().check(z.trim(), z.maxLength(12))),
});
export type MfaSettingsInput = z.input<typeof mfaSettingsSchema>;

/** "Generate new codes" in Recovery codes: the current password and a current code of the present method. */
export const regenerateRecoveryCodesSchema = z.object({
  currentPassword: z.string().check(z.minLength(1, "Enter your current password."), z.maxLength(MAX_PASSWORD_LENGTH)),
  /** Not asked in a session opened with a recovery code (the server decides). */
  currentCode: z.optional(z.union([z.literal(""), otpSchema])),
});
export type RegenerateRecoveryCodesInput = z.input<typeof regenerateRecoveryCodesSchema>;
