// The OTP page's other two forms: a recovery code and an administrator's access code.
import { z } from "zod/mini";

/** As typed: the server ignores case, spaces and hyphens, and says so when what is left cannot be such a code. */
export const backupCodeFormSchema = z.object({
  kind: z.enum(["recovery", "access"]),
  code: z.string().check(z.trim(), z.minLength(1, "Enter the code."), z.maxLength(64, "Enter the code.")),
});
export type BackupCodeFormInput = z.input<typeof backupCodeFormSchema>;
