import { z } from "zod/mini";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { MAX_GRACE_DAYS } from "@/lib/company/mfa-status";
import { ACCESS_CODE_MAX_MINUTES, ACCESS_CODE_MIN_MINUTES } from "@/lib/security/limits";

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
  /** "Require MFA in the mobile apps too" (left out: unchanged). */
  mobileMfa: z.optional(z.boolean()),
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

/** The choices of "Valid for" on "Help them sign in", in minutes (the server accepts any whole number from 10 to 1440). */
export const ACCESS_CODE_VALIDITY = [
  { minutes: 10, label: "10 minutes" },
  { minutes: 30, label: "30 minutes" },
  { minutes: 60, label: "1 hour" },
  { minutes: 240, label: "4 hours" },
  { minutes: 480, label: "8 hours" },
  { minutes: 1440, label: "24 hours" },
] as const;

export const ACCESS_CODE_VALIDITY_MESSAGE = "Choose from 10 minutes to 24 hours.";
export const ACCESS_CODE_REASON_MAX = 500;

/** "Help them sign in" -> "Create access code". The select sends minutes as a string; the server gets a number. */
export const accessCodeSchema = z.object({
  staffId: userId,
  reason: z.string().check(
    z.trim(),
    z.minLength(1, "Say why this person needs a code."),
    z.maxLength(ACCESS_CODE_REASON_MAX, `Use at most ${ACCESS_CODE_REASON_MAX} characters.`),
    z.regex(/^[^\u0000-\u001f\u007f]*$/, "Use letters, digits and punctuation only."),
  ),
  minutes: z.pipe(
    z.string().check(z.regex(/^[0-9]{1,4}$/, ACCESS_CODE_VALIDITY_MESSAGE)),
    z.pipe(z.transform((v: string) => Number(v)), z.number().check(z.minimum(ACCESS_CODE_MIN_MINUTES, ACCESS_CODE_VALIDITY_MESSAGE), z.maximum(ACCESS_CODE_MAX_MINUTES, ACCESS_CODE_VALIDITY_MESSAGE))),
  ),
  /** The administrator's own current code, when their session has no recent second factor ("123 456" and "123-456" work). */
  currentCode: z.optional(z.pipe(z.string().check(z.maxLength(32)), z.transform((v: string) => v.replace(/[\s-]/g, "")))),
});
export type AccessCodeFormInput = z.input<typeof accessCodeSchema>;
export type AccessCodeFormOutput = z.output<typeof accessCodeSchema>;
