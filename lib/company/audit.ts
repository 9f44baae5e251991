import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db";
import type { SecurityEventType } from "@/lib/generated/prisma/enums";
import { metrics } from "@/lib/metrics/registry";
import type { RequestMeta } from "@/lib/security/events";
import { toCsv } from "./csv";

export const AUDIT_PAGE_SIZE = 50;

type Person = { id: string; name: string; email: string };

export type AuditAction =
  | "policy.changed"
  | "exemption.granted"
  | "exemption.ended"
  | "role.changed"
  | "mfa.enabled"
  | "mfa.changed"
  | "mfa.disabled"
  | "mfa.switched-at-sign-in"
  | "access_code.issued"
  | "access_code.used"
  | "sso.saved"
  | "sso.enabled"
  | "sso.disabled";

/** Records one administrator action, in the same transaction as the change when given one. */
export async function recordAudit(
  db: Pick<Db, "auditEntry">,
  input: { companyId: string; actor: Person; target?: Person; action: AuditAction; detail?: unknown; meta?: RequestMeta; now: Date },
): Promise<void> {
  await db.auditEntry.create({
    data: {
      companyId: input.companyId,
      actorId: input.actor.id,
      actorName: input.actor.name,
      actorEmail: input.actor.email,
      targetId: input.target?.id ?? null,
      targetName: input.target?.name ?? null,
      targetEmail: input.target?.email ?? null,
      action: input.action,
      detail: input.detail === undefined ? null : JSON.stringify(input.detail),
      ip: input.meta?.ip?.slice(0, 64) ?? null,
      createdAt: input.now,
    },
  });
  // Counted once written (a transaction that rolls back afterwards is still counted: rare, and only ever over).
  metrics().adminActions.inc({ action: input.action });
}

const mfaActions: Partial<Record<SecurityEventType, AuditAction>> = {
  MFA_ENABLED: "mfa.enabled",
  MFA_CHANGED: "mfa.changed",
  MFA_DISABLED: "mfa.disabled",
  MFA_SWITCHED_AT_SIGN_IN: "mfa.switched-at-sign-in",
};

/**
 * A staff member's own MFA change, copied into their company's audit log
 * (one statement: the names come from the user row).
 */
export async function auditMfaChange(db: Db, input: { userId: string; type: SecurityEventType; detail: string | null; meta?: RequestMeta; now: Date }) {
  const action = mfaActions[input.type];
  if (!action) return;
  const detail = input.detail ? JSON.stringify({ method: input.detail }) : null;
  await db.$executeRaw`
    INSERT INTO "AuditEntry" (id, "companyId", "actorId", "actorName", "actorEmail", "targetId", "targetName", "targetEmail", action, detail, ip, "createdAt")
    SELECT ${randomUUID()}, u."companyId", u.id, u.name, u.email, u.id, u.name, u.email, ${action}, ${detail}, ${input.meta?.ip?.slice(0, 64) ?? null}, ${input.now}::timestamptz
    FROM "User" u WHERE u.id = ${input.userId}`;
}

export type AuditRow = {
  id: string;
  createdAt: Date;
  actorName: string;
  actorEmail: string;
  targetName: string | null;
  targetEmail: string | null;
  action: string;
  detail: string | null;
  ip: string | null;
};

const methodWords: Record<string, string> = { NONE: "None", TOTP: "Authenticator", EMAIL: "Email" };
const roleWords: Record<string, string> = { STAFF: "Staff", ADMIN: "Administrator" };
const allowedWords: Record<string, string> = { ANY: "Authenticator app or email", TOTP_ONLY: "Authenticator app only" };

type PolicyDetail = { required: boolean; graceDays: number; allowed: string };
const policyWords = (p: PolicyDetail) => `requirement ${p.required ? "On" : "Off"}, ${p.graceDays} days, ${allowedWords[p.allowed] ?? p.allowed}`;

/** A single sign-on connection as its audit entries keep it (lib/sso/admin.ts): never the secret. */
type SsoDetail = { issuer: string; clientId: string; displayName: string; domains: string[]; enabled: boolean };
type SsoChange = { before: SsoDetail | null; after: SsoDetail; secretChanged?: boolean; linksCleared?: number };

/** What changed between two versions of a connection, as phrases ("display name "A" to "B""). */
function ssoChanges({ before, after, secretChanged, linksCleared }: SsoChange): string[] {
  const changes: string[] = [];
  if (before && before.displayName !== after.displayName) changes.push(`display name "${before.displayName}" to "${after.displayName}"`);
  if (before && before.issuer !== after.issuer) {
    const links = linksCleared === undefined ? "" : ` (${linksCleared} sign-in ${linksCleared === 1 ? "link" : "links"} ended)`;
    changes.push(`issuer ${before.issuer} to ${after.issuer}${links}`);
  }
  if (before && before.clientId !== after.clientId) changes.push(`client ID ${before.clientId} to ${after.clientId}`);
  if (before && before.domains.join(",") !== after.domains.join(",")) changes.push(`domains ${before.domains.join(", ")} to ${after.domains.join(", ")}`);
  if (before && secretChanged) changes.push("client secret replaced");
  return changes;
}

function describeSso(action: string, detail: SsoChange): string {
  const { before, after } = detail;
  const changes = ssoChanges(detail);
  const also = changes.length > 0 ? `; changed ${changes.join("; ")}` : "";
  const provider = `${after.displayName} (${after.issuer})`;
  switch (action) {
    case "sso.enabled":
      return `Turned on single sign-on through ${provider} for ${after.domains.join(", ")}${also}`;
    case "sso.disabled":
      return `Turned off single sign-on through ${before?.displayName ?? after.displayName}: staff sign in with passwords${also}`;
    default:
      if (!before) return `Set up single sign-on through ${provider} for ${after.domains.join(", ")}, not turned on`;
      return changes.length > 0 ? `Changed single sign-on: ${changes.join("; ")}` : "Saved single sign-on unchanged";
  }
}

/** What happened, in words, for the page and the CSV. */
export function describeAudit(action: string, detailText: string | null): string {
  const detail = detailText ? (JSON.parse(detailText) as Record<string, unknown>) : {};
  switch (action) {
    case "policy.changed": {
      const before = detail.before as PolicyDetail;
      const after = detail.after as PolicyDetail;
      return `Changed sign-in security from ${policyWords(before)} to ${policyWords(after)}`;
    }
    case "exemption.granted":
      return `Exempted from the MFA requirement until ${String(detail.until)}: ${String(detail.reason)}`;
    case "exemption.ended":
      return "Ended the exemption from the MFA requirement";
    case "role.changed":
      return `Changed role from ${roleWords[String(detail.before)]} to ${roleWords[String(detail.after)]}`;
    case "mfa.enabled":
      return `Turned on multi-factor authentication (${methodWords[String(detail.method)]})`;
    case "mfa.changed":
      return `Changed multi-factor authentication to ${methodWords[String(detail.method)]}`;
    case "mfa.disabled":
      return "Turned off multi-factor authentication";
    case "mfa.switched-at-sign-in":
      return "Switched to email codes while signing in";
    case "access_code.issued":
      return `MFA access code issued by ${String(detail.by)} for ${String(detail.for)}: ${String(detail.reason)}`;
    case "access_code.used":
      return `MFA access code used by ${String(detail.by)} (issued by ${String(detail.issuedBy)})`;
    case "sso.saved":
    case "sso.enabled":
    case "sso.disabled":
      return describeSso(action, detail as unknown as SsoChange);
    default:
      return action;
  }
}

/** One page of the company's audit log, newest first. */
export async function listAudit(db: Db, companyId: string, page: number) {
  const total = await db.auditEntry.count({ where: { companyId } });
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const rows = await db.auditEntry.findMany({
    where: { companyId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE,
  });
  return { rows: rows as AuditRow[], total, page: current, pages };
}

/** The whole log, newest first, for "Download CSV". */
export function allAudit(db: Db, companyId: string): Promise<AuditRow[]> {
  return db.auditEntry.findMany({ where: { companyId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}


/** The whole log as CSV (when in ISO 8601 UTC, then the page's columns). */
export async function auditCsv(db: Db, companyId: string): Promise<string> {
  const rows = await allAudit(db, companyId);
  return toCsv(
    ["When (UTC)", "Who", "Who (email)", "Whom", "Whom (email)", "What", "IP address"],
    rows.map((r) => [r.createdAt.toISOString(), r.actorName, r.actorEmail, r.targetName, r.targetEmail, describeAudit(r.action, r.detail), r.ip]),
  );
}
