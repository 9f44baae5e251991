import type { Db } from "@/lib/db";
import { methodLabels } from "@/lib/mfa/panel";
import { toCsv } from "./csv";
import { statusLabel, type MfaPolicy } from "./mfa-status";
import { allStaff, type StaffQuery } from "./staff";
import { formatMoment } from "@/lib/format";

export const roleLabels = { STAFF: "Staff", ADMIN: "Administrator" } as const;

/** The filtered staff list as CSV, in the page's order and words (no MFA columns for SSO companies). */
export async function staffCsv(db: Db, company: MfaPolicy & { id: string; name: string }, query: StaffQuery, now: Date): Promise<string> {
  const sso = company.signInMethod === "SSO";
  const rows = await allStaff(db, company, sso ? { ...query, status: undefined } : query, now);
  const header = sso ? ["Name", "Email", "Role", "Last sign-in"] : ["Name", "Email", "Role", "MFA method", "MFA status", "Last sign-in"];
  return toCsv(
    header,
    rows.map((r) => {
      const last = r.lastSignInAt ? formatMoment(r.lastSignInAt) : "Never";
      return sso ? [r.name, r.email, roleLabels[r.role], last] : [r.name, r.email, roleLabels[r.role], methodLabels[r.mfaMethod], statusLabel(r.status), last];
    }),
  );
}
