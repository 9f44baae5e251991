import { beforeEach, describe, expect, it } from "vitest";
import { createTestDb, seedTotpUser, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH } from "@/lib/security/limits";
import { candidateHashes, CODE_ALPHABET, codeEntropyBits, hashCode, normaliseCode } from "./one-time-codes";
import {
  deleteRecoveryCodes,
  generateRecoveryCodes,
  issueRecoveryCodes,
  recoveryCodeCount,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
} from "./recovery-codes";
import { confirmAuthenticator, confirmEmailMethod, sendStepUpCode, startMfaChange } from "./settings";
import { totpCode } from "./totp";

const db = createTestDb();
let t: ReturnType<typeof testMfaDeps>;

beforeEach(() => {
  t = testMfaDeps(db);
});

const SHOWN = /^[A-HJKMNP-TV-Z2-9]{5}-[A-HJKMNP-TV-Z2-9]{5}$/;
const hashesOf = async (userId: string) => (await db.recoveryCode.findMany({ where: { userId } })).map((r) => r.codeHash).sort();
const normalised = (shown: string) => normaliseCode(shown, RECOVERY_CODE_LENGTH)!;
const stored = (userId: string, shown: string) => hashCode(t.deps().ring, "recovery", userId, normalised(shown));

/** A user with an authenticator on and a set of recovery codes. */
async function totpUserWithCodes() {
  const { user, secret } = await seedTotpUser(db, t.deps().ring);
  const codes = await issueRecoveryCodes(db, t.deps().ring, user.id, t.deps().now);
  return { user, secret, codes, caller: { userId: user.id, sessionId: undefined } };
}

describe("recovery codes: the codes", () => {
  it("a set is 10 distinct codes of 10 characters of the alphabet, shown as XXXXX-XXXXX", async () => {
    for (let i = 0; i < 20; i++) {
      const raw = generateRecoveryCodes();
      expect(raw).toHaveLength(RECOVERY_CODE_COUNT);
      expect(new Set(raw).size).toBe(RECOVERY_CODE_COUNT);
      for (const code of raw) expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{10}$/);
    }
    const user = await seedUser(db, { mfaMethod: "TOTP" });
    const shown = await issueRecoveryCodes(db, t.deps().ring, user.id, t.deps().now);
    expect(shown).toHaveLength(10);
    expect(new Set(shown).size).toBe(10);
    for (const code of shown) expect(code).toMatch(SHOWN);
  });

  it("the alphabet has no look-alikes, and a code carries at least 49 bits", () => {
    for (const char of "0O1ILU") expect(CODE_ALPHABET).not.toContain(char);
    expect(CODE_ALPHABET).toHaveLength(30);
    expect(codeEntropyBits(RECOVERY_CODE_LENGTH)).toBeGreaterThanOrEqual(49);
  });

  it("typing ignores case, spaces and hyphens; wrong lengths and look-alike characters are refused", () => {
    for (const typed of ["ABCDE-FGHJK", "abcde-fghjk", "AbCdE fGhJk", " abcde  fghjk ", "ABCDEFGHJK", "ab-cd-ef-gh-jk", "ABCDE - FGHJK", "abcde\tfghjk"]) {
      expect(normaliseCode(typed, RECOVERY_CODE_LENGTH), typed).toBe("ABCDEFGHJK");
    }
    for (const typed of ["ABCDE-FGHJ", "ABCDE-FGHJKM", "", "-----", "ABCDE-FGHJ0", "OBCDE-FGHJK", "1BCDE-FGHJK", "IBCDE-FGHJK", "LBCDE-FGHJK", "UBCDE-FGHJK", "ABCDE_FGHJK", "ÄBCDE-FGHJK"]) {
      expect(normaliseCode(typed, RECOVERY_CODE_LENGTH), typed).toBeNull();
    }
    expect(normaliseCode(12345, RECOVERY_CODE_LENGTH)).toBeNull();
    expect(normaliseCode(`${"A".repeat(10)}${" ".repeat(60)}`, RECOVERY_CODE_LENGTH)).toBeNull();
  });

  it("only keyed hashes are stored: of the normalised code, bound to its owner", async () => {
    const { user, codes } = await totpUserWithCodes();
    const rows = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    const table = JSON.stringify(rows);
    for (const code of codes) {
      expect(table).not.toContain(code);
      expect(table).not.toContain(normalised(code));
    }
    for (const row of rows) expect(row.codeHash).toMatch(/^t:[0-9a-f]{64}$/);
    // What the sign-in step looks for (any key of the ring) finds each code as typed, in lower case with spaces.
    const hashes = rows.map((r) => r.codeHash);
    for (const code of codes) {
      const typed = normaliseCode(code.toLowerCase().replace("-", " "), RECOVERY_CODE_LENGTH)!;
      expect(candidateHashes(t.deps().ring, "recovery", user.id, typed).some((h) => hashes.includes(h))).toBe(true);
    }
    // The same code for another user hashes differently.
    const other = await seedUser(db);
    for (const code of codes) expect(hashCode(t.deps().ring, "recovery", other.id, normalised(code))).not.toBe(stored(user.id, code));
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ recoveryCodesIssuedAt: t.deps().now });
  });

  it("a new set deletes the old one at once; the count says what is left; deleting goes back to never had any", async () => {
    const { user, codes: first } = await totpUserWithCodes();
    const firstHashes = await hashesOf(user.id);
    await db.recoveryCode.updateMany({ where: { userId: user.id, codeHash: stored(user.id, first[0]!) }, data: { usedAt: t.deps().now } });
    expect(await recoveryCodesLeft(db, user.id)).toBe(9);
    expect(await recoveryCodeCount(db, user.id)).toBe(9);

    const second = await issueRecoveryCodes(db, t.deps().ring, user.id, t.deps().now);
    expect(second.some((c) => first.includes(c))).toBe(false);
    const secondHashes = await hashesOf(user.id);
    expect(secondHashes).toHaveLength(10);
    expect(secondHashes.filter((h) => firstHashes.includes(h))).toEqual([]);
    expect(secondHashes).toEqual(second.map((c) => stored(user.id, c)).sort());
    expect(await recoveryCodeCount(db, user.id)).toBe(10);

    await deleteRecoveryCodes(db, user.id);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await recoveryCodeCount(db, user.id)).toBeNull();
  });

  it("concurrent issues for one user leave one whole set", async () => {
    const user = await seedUser(db, { mfaMethod: "TOTP" });
    const sets = await Promise.all([1, 2, 3].map(() => issueRecoveryCodes(db, t.deps().ring, user.id, t.deps().now)));
    const hashes = await hashesOf(user.id);
    expect(hashes).toHaveLength(10);
    expect(sets.some((set) => JSON.stringify(set.map((c) => stored(user.id, c)).sort()) === JSON.stringify(hashes))).toBe(true);
  });

  it("inside a caller's transaction, a rollback leaves the previous set", async () => {
    const { user } = await totpUserWithCodes();
    const before = await hashesOf(user.id);
    await expect(
      db.$transaction(async (tx) => {
        await issueRecoveryCodes(tx, t.deps().ring, user.id, t.deps().now);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await hashesOf(user.id)).toEqual(before);
  });
});

describe("recovery codes: Generate new codes", () => {
  it("needs the current password and a current code, then replaces the set, logs it and tells the owner", async () => {
    const { user, secret, codes, caller } = await totpUserWithCodes();
    const before = await hashesOf(user.id);
    const code = totpCode(secret, t.deps().now);
    const result = await regenerateRecoveryCodes(t.deps(), caller, { currentPassword: TEST_PASSWORD, currentCode: code });
    if (!result.ok) throw new Error(result.error);
    expect(result.codes).toHaveLength(10);
    for (const c of result.codes) expect(c).toMatch(SHOWN);
    expect(result.codes.some((c) => codes.includes(c))).toBe(false);
    const after = await hashesOf(user.id);
    expect(after.filter((h) => before.includes(h))).toEqual([]);
    expect(after).toEqual(result.codes.map((c) => stored(user.id, c)).sort());
    const events = await db.securityEvent.findMany({ where: { userId: user.id } });
    expect(events.map((e) => e.type)).toEqual(["RECOVERY_CODES_GENERATED"]);
    expect(t.notices).toHaveLength(1);
    expect(t.notices[0]).toMatchObject({ to: user.email, subject: "Security notice: new recovery codes for your Staff Portal account" });
    expect(t.notices[0]!.text).toContain("your previous recovery codes stopped working");
    // No code in the notice.
    for (const c of result.codes) expect(t.notices[0]!.text).not.toContain(c);
    // The authenticator's step is used up, as at sign-in.
    expect(await regenerateRecoveryCodes(t.deps(), caller, { currentPassword: TEST_PASSWORD, currentCode: code })).toEqual({ ok: false, error: "INVALID_CODE" });
  });

  it("a wrong password, a missing or wrong code, MFA off or an SSO company: refused, nothing changed", async () => {
    const { user, secret, caller } = await totpUserWithCodes();
    const before = await hashesOf(user.id);
    const code = totpCode(secret, t.deps().now);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await regenerateRecoveryCodes(t.deps(), caller, { currentPassword: "wrong-password", currentCode: code })).toEqual({ ok: false, error: "WRONG_CURRENT_PASSWORD" });
    expect(await regenerateRecoveryCodes(t.deps(), caller, { currentPassword: TEST_PASSWORD, currentCode: "" })).toEqual({ ok: false, error: "STEP_UP_REQUIRED" });
    expect(await regenerateRecoveryCodes(t.deps(), caller, { currentPassword: TEST_PASSWORD, currentCode: wrong })).toEqual({ ok: false, error: "INVALID_CODE" });
    expect(await hashesOf(user.id)).toEqual(before);

    const off = await seedUser(db);
    expect(await regenerateRecoveryCodes(t.deps(), { userId: off.id, sessionId: undefined }, { currentPassword: TEST_PASSWORD, currentCode: code })).toEqual({
      ok: false,
      error: "NO_RECOVERY_CODES",
    });
    expect(await db.recoveryCode.count({ where: { userId: off.id } })).toBe(0);

    const sso = await seedUser(db, { sso: true, mfaMethod: "TOTP" });
    expect(await regenerateRecoveryCodes(t.deps(), { userId: sso.id, sessionId: undefined }, { currentPassword: "", currentCode: code })).toEqual({
      ok: false,
      error: "MFA_MANAGED_BY_SSO",
    });
    expect(await db.securityEvent.count({ where: { userId: { in: [user.id, off.id, sso.id] }, type: "RECOVERY_CODES_GENERATED" } })).toBe(0);
    expect(t.notices).toHaveLength(0);
  });

  it("with Email on, a code emailed for the purpose", async () => {
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    await issueRecoveryCodes(db, t.deps().ring, user.id, t.deps().now);
    const caller = { userId: user.id, sessionId: undefined };
    expect(await sendStepUpCode(t.deps(), caller)).toMatchObject({ ok: true });
    const result = await regenerateRecoveryCodes(t.deps(), caller, { currentPassword: TEST_PASSWORD, currentCode: t.lastCode() });
    expect(result).toMatchObject({ ok: true });
  });
});

describe("recovery codes at enrolment", () => {
  it("turning MFA on gives a set; a new authenticator keeps it; with every code used, a new set", async () => {
    const user = await seedUser(db);
    const caller = { userId: user.id, sessionId: undefined };
    let latest: string | null = null;
    /** Save "Authenticator" (with a code of the present one, if any) and confirm the new one. */
    const enroll = async () => {
      t.advance(30_000);
      const started = await startMfaChange(t.deps(), caller, { method: "TOTP", currentPassword: TEST_PASSWORD, currentCode: latest ? totpCode(latest, t.deps().now) : undefined });
      if (!started.ok || started.state !== "totp-pending") throw new Error("expected a pending enrollment");
      latest = started.secret;
      t.advance(30_000);
      return confirmAuthenticator(t.deps(), caller, totpCode(started.secret, t.deps().now));
    };

    const first = await enroll();
    if (!first.ok || !first.recoveryCodes) throw new Error("expected a set of recovery codes");
    expect(first.recoveryCodes).toHaveLength(10);
    expect(await hashesOf(user.id)).toEqual(first.recoveryCodes.map((c) => stored(user.id, c)).sort());

    expect(await enroll()).toEqual({ ok: true, recoveryCodes: null });
    expect(await recoveryCodesLeft(db, user.id)).toBe(10);

    await db.recoveryCode.updateMany({ where: { userId: user.id }, data: { usedAt: t.deps().now } });
    const third = await enroll();
    if (!third.ok || !third.recoveryCodes) throw new Error("expected a new set");
    expect(third.recoveryCodes.some((c) => first.recoveryCodes!.includes(c))).toBe(false);
    expect(await recoveryCodesLeft(db, user.id)).toBe(10);
  });

  it("email codes: a set when MFA was off; switching from an authenticator keeps it", async () => {
    const user = await seedUser(db);
    const caller = { userId: user.id, sessionId: undefined };
    await startMfaChange(t.deps(), caller, { method: "EMAIL", currentPassword: TEST_PASSWORD });
    const on = await confirmEmailMethod(t.deps(), caller, t.lastCode());
    if (!on.ok || !on.recoveryCodes) throw new Error("expected a set of recovery codes");
    expect(on.recoveryCodes).toHaveLength(10);

    const { user: totpUser, secret, codes } = await totpUserWithCodes();
    const totpCaller = { userId: totpUser.id, sessionId: undefined };
    await startMfaChange(t.deps(), totpCaller, { method: "EMAIL", currentPassword: TEST_PASSWORD, currentCode: totpCode(secret, t.deps().now) });
    expect(await confirmEmailMethod(t.deps(), totpCaller, t.lastCode())).toEqual({ ok: true, recoveryCodes: null });
    expect(await hashesOf(totpUser.id)).toEqual(codes.map((c) => stored(totpUser.id, c)).sort());
  });

  it("turning MFA off deletes the codes; turning it on again gives a new set", async () => {
    const { user, secret, caller } = await totpUserWithCodes();
    expect(await startMfaChange(t.deps(), caller, { method: "NONE", currentPassword: TEST_PASSWORD, currentCode: totpCode(secret, t.deps().now) })).toEqual({
      ok: true,
      state: "disabled",
    });
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await recoveryCodeCount(db, user.id)).toBeNull();

    t.advance(30_000);
    const started = await startMfaChange(t.deps(), caller, { method: "TOTP", currentPassword: TEST_PASSWORD });
    if (!started.ok || started.state !== "totp-pending") throw new Error("expected a pending enrollment");
    const again = await confirmAuthenticator(t.deps(), caller, totpCode(started.secret, t.deps().now));
    expect(again).toMatchObject({ ok: true, recoveryCodes: expect.arrayContaining([expect.stringMatching(SHOWN)]) });
    expect(await recoveryCodeCount(db, user.id)).toBe(10);
  });
});
