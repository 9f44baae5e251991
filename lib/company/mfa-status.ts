import type { AllowedMfaMethods, MfaMethod, SignInMethod } from "@/lib/generated/prisma/enums";

/** The company's side of the MFA requirement. */
export type MfaPolicy = {
  signInMethod: SignInMethod;
  mfaRequired: boolean;
  /** When the requirement was last turned on; null while off. */
  mfaRequiredSince: Date | null;
  mfaGraceDays: number;
  mfaAllowedMethods: AllowedMfaMethods;
};

/** The staff member's side. */
export type StaffMfa = {
  mfaMethod: MfaMethod;
  createdAt: Date;
  mfaResetAt: Date | null;
  mfaExemptUntil: Date | null;
};

export type MfaStatus =
  /** An SSO company: its identity provider decides. */
  | { kind: "managed" }
  /** A method the company accepts is on. */
  | { kind: "on" }
  /** No accepted method, and nothing requires one. */
  | { kind: "not-set-up" }
  | { kind: "exempt"; until: Date }
  | { kind: "due"; deadline: Date; daysLeft: number; lastDay: boolean }
  | { kind: "overdue"; deadline: Date };

export type MfaStatusKind = MfaStatus["kind"];

export const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_GRACE_DAYS = 90;
export const MAX_EXEMPTION_DAYS = 90;

/** Whether a method satisfies the company's allowed methods ("Authenticator app only" refuses Email). */
export function methodAccepted(method: MfaMethod, allowed: AllowedMfaMethods): boolean {
  return method === "TOTP" || (method === "EMAIL" && allowed === "ANY");
}

/**
 * The staff member's deadline: the latest of the moment the requirement was
 * turned on, the moment they joined and the moment an administrator reset
 * their MFA, plus the grace days. Null while nothing is required.
 */
export function mfaDeadline(user: StaffMfa, policy: MfaPolicy): Date | null {
  if (!policy.mfaRequired || !policy.mfaRequiredSince) return null;
  const start = Math.max(policy.mfaRequiredSince.getTime(), user.createdAt.getTime(), user.mfaResetAt?.getTime() ?? 0);
  return new Date(start + policy.mfaGraceDays * DAY_MS);
}

/**
 * Every rule of the company's MFA requirement in one place: (user, policy,
 * now) -> status. The staff list's SQL (staff.ts) says the same in
 * PostgreSQL, and a test holds the two to the same table.
 */
export function mfaStatus(user: StaffMfa, policy: MfaPolicy, now: Date): MfaStatus {
  if (policy.signInMethod === "SSO") return { kind: "managed" };
  if (methodAccepted(user.mfaMethod, policy.mfaAllowedMethods)) return { kind: "on" };
  const deadline = mfaDeadline(user, policy);
  if (!deadline) return { kind: "not-set-up" };
  if (user.mfaExemptUntil && user.mfaExemptUntil > now) return { kind: "exempt", until: user.mfaExemptUntil };
  const left = deadline.getTime() - now.getTime();
  if (left <= 0) return { kind: "overdue", deadline };
  return { kind: "due", deadline, daysLeft: Math.ceil(left / DAY_MS), lastDay: left <= DAY_MS };
}

/** Whether the requirement binds this user now (exempt staff and SSO companies are free of it). */
export function requirementApplies(user: StaffMfa, policy: MfaPolicy, now: Date): boolean {
  if (policy.signInMethod === "SSO" || !policy.mfaRequired) return false;
  return !(user.mfaExemptUntil && user.mfaExemptUntil > now);
}

/**
 * The options of the "MFA option" select: None only while nothing requires
 * MFA of this user, Email only while the company accepts it.
 */
export function offeredMethods(user: StaffMfa, policy: MfaPolicy, now: Date): MfaMethod[] {
  const methods: MfaMethod[] = policy.mfaAllowedMethods === "TOTP_ONLY" ? ["TOTP"] : ["TOTP", "EMAIL"];
  return requirementApplies(user, policy, now) ? methods : ["NONE", ...methods];
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/London" });

/** "12 Dec 2026" (the UK date, as the rest of the portal). */
export function formatDay(date: Date): string {
  return dateFormat.format(date);
}

/** The staff list's words for a status: "On", "Not set up", "Due by 12 Dec 2026", "Overdue", "Exempt until 31 Jan 2027". */
export function statusLabel(status: MfaStatus): string {
  switch (status.kind) {
    case "managed":
      return "Managed by your identity provider";
    case "on":
      return "On";
    case "not-set-up":
      return "Not set up";
    case "exempt":
      return `Exempt until ${formatDay(status.until)}`;
    case "due":
      return `Due by ${formatDay(status.deadline)}`;
    case "overdue":
      return "Overdue";
  }
}

export const statusFilters = [
  { value: "on", label: "On" },
  { value: "not-set-up", label: "Not set up" },
  { value: "due", label: "Due" },
  { value: "overdue", label: "Overdue" },
  { value: "exempt", label: "Exempt" },
] as const satisfies { value: Exclude<MfaStatusKind, "managed">; label: string }[];

export type StatusFilter = (typeof statusFilters)[number]["value"];

/** The banner above every portal page while a deadline runs, or the block after it. */
export function requirementMessage(companyName: string, status: MfaStatus): { text: string; urgent: boolean } | null {
  if (status.kind === "due") {
    const left = status.daysLeft === 1 ? "1 day left" : `${status.daysLeft} days left`;
    return { text: `${companyName} requires multi-factor authentication. Set it up by ${formatDay(status.deadline)} (${left}).`, urgent: status.lastDay };
  }
  if (status.kind === "overdue") return { text: `${companyName} requires multi-factor authentication. Set it up to continue.`, urgent: true };
  return null;
}
