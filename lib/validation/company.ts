import { z } from "zod/mini";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { MAX_GRACE_DAYS } from "@/lib/company/mfa-status";

const currentPassword = z.string().check(z.minLength(1, "Enter your current password."), z.maxLength(MAX_PASSWORD_LENGTH));
const userId = z.string().check(z.minLength(1), z.maxLength(64));

/** Company settings -> Sign-in security. The form sends strings; the server gets numbers and booleans. */
export const policySchema = z.object({
  required: z.enum(["off", "on"]),
  graceDays: z.pipe(
    z.string().check(z.trim(), z.regex(/^[0-9]{1,3}$/, `Enter a whole number of days from 0 to ${MAX_GRACE_DAYS}.`)),
    z.pipe(z.transform((v: string) => Number(v)), z.number().check(z.maximum(MAX_GRACE_DAYS, `Enter a whole number of days from 0 to ${MAX_GRACE_DAYS}.`))),
  ),
  allowed: z.enum(["ANY", "TOTP_ONLY"]),
  currentPassword,
  confirmOverdue: z.optional(z.boolean()),
});
export type PolicyFormInput = z.input<typeof policySchema>;
export type PolicyFormOutput = z.output<typeof policySchema>;

/** An exemption from the MFA requirement: a reason and the last day (at most 90 days ahead, checked by the server). */
export const exemptionSchema = z.object({
  userId,
  reason: z.string().check(
    z.trim(),
    z.minLength(1, "Say why this person is exempt."),
    z.maxLength(200, "Use at most 200 characters."),
    z.regex(/^[^\u0000-\u001f\u007f]*$/, "Use letters, digits and punctuation only."),
  ),
  until: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the last day of the exemption.")),
});
export type ExemptionInput = z.input<typeof exemptionSchema>;

export const roleSchema = z.object({ userId, role: z.enum(["STAFF", "ADMIN"]) });
export const staffIdSchema = z.object({ userId });
