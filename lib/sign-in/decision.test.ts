import { describe, expect, it } from "vitest";
import type { MfaMethod } from "@/lib/generated/prisma/enums";
import { decideCredentialsSignIn, type SignInChallenge } from "./decision";

const now = new Date("2026-11-27T12:00:00Z");
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 60_000);

const challenges: Record<string, SignInChallenge | null> = {
  missing: null,
  "pending (password only)": { userId: "u1", amr: ["pwd"], completedAt: null, consumedAt: null, expiresAt: later },
  "completed with password only": { userId: "u1", amr: ["pwd"], completedAt: earlier, consumedAt: null, expiresAt: later },
  "completed with OTP": { userId: "u1", amr: ["pwd", "otp"], completedAt: earlier, consumedAt: null, expiresAt: later },
  "completed with a recovery code": { userId: "u1", amr: ["pwd", "recovery"], completedAt: earlier, consumedAt: null, expiresAt: later },
  "completed with an administrator's access code": { userId: "u1", amr: ["pwd", "admin-code"], completedAt: earlier, consumedAt: null, expiresAt: later },
  "completed with an unknown proof": { userId: "u1", amr: ["pwd", "sms"], completedAt: earlier, consumedAt: null, expiresAt: later },
  "completed with a recovery code, expired": { userId: "u1", amr: ["pwd", "recovery"], completedAt: earlier, consumedAt: null, expiresAt: now },
  "completed with a recovery code, already used": { userId: "u1", amr: ["pwd", "recovery"], completedAt: earlier, consumedAt: earlier, expiresAt: later },
  "completed with an access code, other user's": { userId: "u2", amr: ["pwd", "admin-code"], completedAt: earlier, consumedAt: null, expiresAt: later },
  "completed with OTP, expired": { userId: "u1", amr: ["pwd", "otp"], completedAt: earlier, consumedAt: null, expiresAt: now },
  "completed with OTP, already used": { userId: "u1", amr: ["pwd", "otp"], completedAt: earlier, consumedAt: earlier, expiresAt: later },
  "completed with OTP, other user's": { userId: "u2", amr: ["pwd", "otp"], completedAt: earlier, consumedAt: null, expiresAt: later },
};

// [method, challenge state] -> expected outcome
const table: [MfaMethod, string, string][] = [
  ["NONE", "missing", "NO_CHALLENGE"],
  ["NONE", "pending (password only)", "NOT_COMPLETED"],
  ["NONE", "completed with password only", "allow"],
  ["NONE", "completed with OTP", "allow"],
  ["NONE", "completed with OTP, expired", "EXPIRED"],
  ["NONE", "completed with OTP, already used", "ALREADY_USED"],
  ["NONE", "completed with OTP, other user's", "OTHER_USER"],
  ["NONE", "completed with a recovery code", "allow"],
  ["NONE", "completed with an administrator's access code", "allow"],
  ...(["TOTP", "EMAIL"] as const).flatMap((method): [MfaMethod, string, string][] => [
    [method, "missing", "NO_CHALLENGE"],
    [method, "pending (password only)", "NOT_COMPLETED"],
    [method, "completed with password only", "OTP_REQUIRED"],
    [method, "completed with OTP", "allow"],
    [method, "completed with OTP, expired", "EXPIRED"],
    [method, "completed with OTP, already used", "ALREADY_USED"],
    [method, "completed with OTP, other user's", "OTHER_USER"],
    [method, "completed with a recovery code", "allow"],
    [method, "completed with an administrator's access code", "allow"],
    [method, "completed with an unknown proof", "OTP_REQUIRED"],
    [method, "completed with a recovery code, expired", "EXPIRED"],
    [method, "completed with a recovery code, already used", "ALREADY_USED"],
    [method, "completed with an access code, other user's", "OTHER_USER"],
  ]),
];

describe("decideCredentialsSignIn", () => {
  it.each(table)("MFA %s with a challenge %s -> %s", (method, state, expected) => {
    const decision = decideCredentialsSignIn({ id: "u1", mfaMethod: method, companySignInMethod: "PASSWORD" }, challenges[state]!, now);
    expect(decision.allow ? "allow" : decision.reason).toBe(expected);
  });

  it("refuses users of SSO companies and unknown users, whatever the challenge", () => {
    const good = challenges["completed with OTP"]!;
    expect(decideCredentialsSignIn({ id: "u1", mfaMethod: "NONE", companySignInMethod: "SSO" }, good, now)).toEqual({ allow: false, reason: "SSO_USER" });
    expect(decideCredentialsSignIn(null, good, now)).toEqual({ allow: false, reason: "NO_USER" });
  });
});
