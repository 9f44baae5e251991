import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { listActiveSessions, revokeOtherSessions, startSession } from "@/lib/auth/sessions";
import { totpCode } from "@/lib/mfa/totp";
import { pruneExpired } from "@/lib/security/housekeeping";
import { limitKey } from "@/lib/security/rate-limit";
import { passwordStep } from "@/lib/sign-in/password-step";
import { redeemSignIn } from "@/lib/sign-in/redeem";
import { saveConnection } from "@/lib/sso/connections";
import { testMfaDeps } from "@/lib/testing/mfa-deps";
import { createTestDb, seedSsoCompany, seedSsoUser, seedTotpUser, seedUser, TEST_PASSWORD } from "@/lib/testing/test-db";
import { authenticateAccessToken, refreshTokens, signOutDevice } from "./devices";
import { completeWithCode, emailSignInCode, signInWithPassword, type MobileDeps } from "./sign-in";
import { completeAuthorization, exchangeCode, startAuthorization } from "./sso";

const db = createTestDb();
let ipCounter = 0;

/** A test's own clock, mailer and client address (so that per-IP limits never cross tests). */
function setup() {
  const mfa = testMfaDeps(db);
  const meta = { ip: `203.0.113.${++ipCounter}`, userAgent: "StaffPortal/1.0 (iPhone; iOS 18.1)" };
  const deps = (): MobileDeps => ({ ...mfa.deps(), meta });
  return { ...mfa, deps, meta };
}

const signIn = (deps: MobileDeps, email: string, password = TEST_PASSWORD) => signInWithPassword(deps, { email, password, deviceName: "Bea's iPhone" });

function tokensOf(result: Awaited<ReturnType<typeof signIn>>) {
  if (!result.ok) throw new Error(`not signed in: ${result.error}`);
  return result.tokens;
}

describe("mobile sign-in with a password", () => {
  it("signs a device in: the access token names the user, and the device is a row of Active sessions", async () => {
    const t = setup();
    const user = await seedUser(db);
    const tokens = tokensOf(await signIn(t.deps(), user.email));
    expect(tokens.accessToken).toMatch(/^spa_/);
    expect(tokens.refreshToken).toMatch(/^spr_/);
    expect(tokens.accessTokenExpiresAt.getTime() - t.deps().now.getTime()).toBe(15 * 60 * 1000);
    const me = await authenticateAccessToken(db, tokens.accessToken, t.meta, t.deps().now);
    expect(me?.user).toMatchObject({ id: user.id, email: user.email });
    const sessions = await listActiveSessions(db, user.id, t.deps().now);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ kind: "MOBILE", deviceName: "Bea's iPhone", ip: t.meta.ip });
    // Only hashes are stored.
    const stored = JSON.stringify(await db.mobileToken.findMany());
    expect(stored).not.toContain(tokens.accessToken);
    expect(stored).not.toContain(tokens.refreshToken.slice(4));
  });

  it("asks an MFA user for no code by default (as the help article says), but for one when the company requires it in the apps", async () => {
    const t = setup();
    const { user, secret } = await seedTotpUser(db, t.deps().ring);
    expect((await signIn(t.deps(), user.email)).ok).toBe(true);

    await db.company.update({ where: { id: user.companyId }, data: { mfaRequiredOnMobile: true } });
    const asked = await signIn(t.deps(), user.email);
    if (asked.ok || asked.error !== "MFA_REQUIRED") throw new Error("expected mfa_required");
    expect(asked.method).toBe("TOTP");
    expect(await completeWithCode(t.deps(), { challengeToken: asked.challengeToken, code: "000000", deviceName: "x" })).toEqual({ ok: false, error: "INVALID_CODE" });
    const code = totpCode(secret, t.deps().now);
    const done = await completeWithCode(t.deps(), { challengeToken: asked.challengeToken, code, deviceName: "Bea's iPhone" });
    expect(done.ok).toBe(true);
    // The challenge is spent, and the same step is refused on the next sign-in (a code works once).
    expect(await completeWithCode(t.deps(), { challengeToken: asked.challengeToken, code, deviceName: "x" })).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
    const again = await signIn(t.deps(), user.email);
    if (again.ok || again.error !== "MFA_REQUIRED") throw new Error("expected mfa_required");
    expect(await completeWithCode(t.deps(), { challengeToken: again.challengeToken, code, deviceName: "x" })).toEqual({ ok: false, error: "INVALID_CODE" });
  });

  it("voids a challenge after 5 wrong codes, as on the web", async () => {
    const t = setup();
    const { user, secret } = await seedTotpUser(db, t.deps().ring);
    await db.company.update({ where: { id: user.companyId }, data: { mfaRequiredOnMobile: true } });
    const asked = await signIn(t.deps(), user.email);
    if (asked.ok || asked.error !== "MFA_REQUIRED") throw new Error("expected mfa_required");
    for (let i = 0; i < 5; i++) {
      expect((await completeWithCode(t.deps(), { challengeToken: asked.challengeToken, code: "111111", deviceName: "x" })).ok).toBe(false);
    }
    const right = await completeWithCode(t.deps(), { challengeToken: asked.challengeToken, code: totpCode(secret, t.deps().now), deviceName: "x" });
    expect(right).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });
    await db.company.update({ where: { id: user.companyId }, data: { mfaRequiredOnMobile: false } });
  });

  it("emails an Email user their code, with the web's cooldown", async () => {
    const t = setup();
    const user = await seedUser(db, { mfaMethod: "EMAIL" });
    await db.company.update({ where: { id: user.companyId }, data: { mfaRequiredOnMobile: true } });
    const asked = await signIn(t.deps(), user.email);
    if (asked.ok || asked.error !== "MFA_REQUIRED") throw new Error("expected mfa_required");
    expect(asked.method).toBe("EMAIL");
    expect((await emailSignInCode(t.deps(), { challengeToken: asked.challengeToken })).ok).toBe(true);
    expect(t.sent.at(-1)?.to).toBe(user.email);
    expect(await emailSignInCode(t.deps(), { challengeToken: asked.challengeToken })).toMatchObject({ ok: false, error: "RESEND_COOLDOWN" });
    const done = await completeWithCode(t.deps(), { challengeToken: asked.challengeToken, code: t.lastCode(), deviceName: "Pixel" });
    expect(done.ok).toBe(true);
    await db.company.update({ where: { id: user.companyId }, data: { mfaRequiredOnMobile: false } });
  });

  it("shares the password limits with /login: 10 wrong passwords on the app lock the browser at that address too, and the reverse", async () => {
    const t = setup();
    const user = await seedUser(db);
    for (let i = 0; i < 10; i++) expect(await signIn(t.deps(), user.email, "wrong-password-1")).toMatchObject({ ok: false, error: "INVALID_CREDENTIALS" });
    const web = await passwordStep(db, { email: user.email, password: TEST_PASSWORD, callbackUrl: "/", meta: t.meta, now: t.deps().now });
    expect(web).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    expect(await signIn(t.deps(), user.email)).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });

    const other = setup();
    const second = await seedUser(db);
    for (let i = 0; i < 10; i++) {
      await passwordStep(db, { email: second.email, password: "wrong-password-1", callbackUrl: "/", meta: other.meta, now: other.deps().now });
    }
    expect(await signIn(other.deps(), second.email)).toMatchObject({ ok: false, error: "TOO_MANY_ATTEMPTS" });
    const failures = await db.securityEvent.count({ where: { userId: user.id, type: "SIGN_IN_FAILURE" } });
    expect(failures).toBe(10);
  });

  it("shares the 100-failures ceiling with /login: the app's 100th wrong password disables the web's password step too", async () => {
    const t = setup();
    const user = await seedUser(db);
    // 99 wrong passwords in a row already, from anywhere (as if over days).
    await db.limitCounter.create({
      data: { scope: "PASSWORD_ACCOUNT", key: limitKey(user.email), failures: 0, streak: 99, windowStart: t.deps().now, updatedAt: t.deps().now },
    });
    expect(await signIn(t.deps(), user.email, "wrong-password-1")).toMatchObject({ ok: false, error: "INVALID_CREDENTIALS" });
    const other = setup();
    const web = await passwordStep(db, { email: user.email, password: TEST_PASSWORD, callbackUrl: "/", meta: other.meta, now: other.deps().now });
    expect(web).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });
    expect(await signIn(other.deps(), user.email)).toEqual({ ok: false, error: "SIGN_IN_DISABLED" });
  });

  it("never redeems a browser's challenge in the app, nor the app's in a browser", async () => {
    const t = setup();
    const user = await seedUser(db);
    await db.company.update({ where: { id: user.companyId }, data: { mfaRequiredOnMobile: true } });
    const { user: totpUser, secret } = await seedTotpUser(db, t.deps().ring);
    const web = await passwordStep(db, { email: totpUser.email, password: TEST_PASSWORD, callbackUrl: "/", meta: t.meta, now: t.deps().now });
    if (!web.ok) throw new Error(web.error);
    expect(await completeWithCode(t.deps(), { challengeToken: web.token, code: totpCode(secret, t.deps().now), deviceName: "x" })).toEqual({ ok: false, error: "CHALLENGE_EXPIRED" });

    const app = await signIn(t.deps(), totpUser.email);
    if (app.ok || app.error !== "MFA_REQUIRED") throw new Error("expected mfa_required");
    expect(await redeemSignIn(db, { token: app.challengeToken, now: t.deps().now })).toMatchObject({ ok: false });
    await db.company.update({ where: { id: user.companyId }, data: { mfaRequiredOnMobile: false } });
  });
});

describe("what the company asks now", () => {
  it("turning on 'Require MFA in the mobile apps too' signs out MFA users' devices signed in with the password alone", async () => {
    const t = setup();
    const company = await db.company.create({ data: { slug: `opt-${randomBytes(3).toString("hex")}`, name: "Option" } });
    const { user } = await seedTotpUser(db, t.deps().ring);
    await db.user.update({ where: { id: user.id }, data: { companyId: company.id } });
    const plain = await seedUser(db);
    // Joined two months before the test's clock (a deadline counts from joining at the earliest).
    await db.user.update({ where: { id: plain.id }, data: { companyId: company.id, createdAt: new Date(t.deps().now.getTime() - 60 * 86_400_000) } });
    const mfaDevice = tokensOf(await signIn(t.deps(), user.email));
    const plainDevice = tokensOf(await signIn(t.deps(), plain.email));
    await db.company.update({ where: { id: company.id }, data: { mfaRequiredOnMobile: true } });
    // Refused at once, by the rule every call applies...
    expect(await authenticateAccessToken(db, mfaDevice.accessToken, t.meta, t.deps().now)).toBeNull();
    expect(await refreshTokens(db, mfaDevice.refreshToken, t.meta, t.deps().now)).toEqual({ ok: false, error: "INVALID_TOKEN" });
    // ...while a user without MFA (and not overdue) keeps theirs.
    expect(await authenticateAccessToken(db, plainDevice.accessToken, t.meta, t.deps().now)).not.toBeNull();
    // Past the company's MFA deadline without MFA: refused too, and no new sign-in.
    await db.company.update({ where: { id: company.id }, data: { mfaRequired: true, mfaRequiredSince: new Date(t.deps().now.getTime() - 30 * 86_400_000), mfaGraceDays: 0 } });
    expect(await authenticateAccessToken(db, plainDevice.accessToken, t.meta, t.deps().now)).toBeNull();
    expect(await signIn(t.deps(), plain.email)).toEqual({ ok: false, error: "MFA_SETUP_REQUIRED" });
  });

  it("an SSO company turning SSO off, or changing its identity provider, signs out the devices signed in through it", async () => {
    const t = setup();
    const slug = `off-${randomBytes(3).toString("hex")}`;
    const { company } = await seedSsoCompany(db, t.deps().ring, { slug, issuer: "https://idp.example", domains: [`${slug}.example`] });
    const ivy = await seedSsoUser(db, company.id, `ivy@${slug}.example`);
    const verifier = randomBytes(32).toString("base64url");
    const signInThroughSso = async () => {
      const now = t.deps().now;
      const started = await startAuthorization(db, { email: ivy.email, deviceName: "Pixel", codeChallenge: createHash("sha256").update(verifier).digest("base64url"), state: "s", now });
      if (!started.ok) throw new Error(started.error);
      const sid = await startSession(db, { userId: ivy.id, amr: ["ext"], now });
      const done = await completeAuthorization(db, { authorizationId: started.authorizationId, session: { sessionId: sid, userId: ivy.id, amr: ["ext"] }, now });
      if (!done.ok) throw new Error(done.error);
      const exchanged = await exchangeCode(db, { code: new URL(done.redirectTo).searchParams.get("code")!, codeVerifier: verifier, meta: t.meta, now });
      if (!exchanged.ok) throw new Error(exchanged.error);
      return exchanged.tokens;
    };
    const first = await signInThroughSso();
    const base = { clientId: `${slug}-client`, displayName: "SSO", domains: [`${slug}.example`], enabled: true };
    expect((await saveConnection(db, t.deps().ring, company.id, { ...base, issuer: "https://other-idp.example" })).ok).toBe(true);
    expect(await authenticateAccessToken(db, first.accessToken, t.meta, t.deps().now)).toBeNull();
    const second = await signInThroughSso();
    expect((await saveConnection(db, t.deps().ring, company.id, { ...base, issuer: "https://other-idp.example", enabled: false })).ok).toBe(true);
    expect(await authenticateAccessToken(db, second.accessToken, t.meta, t.deps().now)).toBeNull();
  });
});

describe("mobile tokens", () => {
  it("rotates the refresh token; a used one presented again signs the device out and says so in the activity", async () => {
    const t = setup();
    const user = await seedUser(db);
    const first = tokensOf(await signIn(t.deps(), user.email));
    const second = await refreshTokens(db, first.refreshToken, t.meta, t.deps().now);
    if (!second.ok) throw new Error(second.error);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await authenticateAccessToken(db, second.accessToken, t.meta, t.deps().now)).not.toBeNull();

    expect(await refreshTokens(db, first.refreshToken, t.meta, t.deps().now)).toEqual({ ok: false, error: "TOKEN_REUSED" });
    expect(await authenticateAccessToken(db, second.accessToken, t.meta, t.deps().now)).toBeNull();
    expect(await refreshTokens(db, second.refreshToken, t.meta, t.deps().now)).toEqual({ ok: false, error: "INVALID_TOKEN" });
    const events = await db.securityEvent.findMany({ where: { userId: user.id, type: "MOBILE_TOKEN_REUSED" } });
    expect(events).toHaveLength(1);
    expect(await listActiveSessions(db, user.id, t.deps().now)).toHaveLength(0);
  });

  it("of 10 concurrent uses of one refresh token, exactly one gets new tokens", async () => {
    const t = setup();
    const user = await seedUser(db);
    const first = tokensOf(await signIn(t.deps(), user.email));
    const results = await Promise.all(Array.from({ length: 10 }, () => refreshTokens(db, first.refreshToken, t.meta, t.deps().now)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("expires: the access token after 15 minutes, the refresh token after 30 days unused, the device after 90 days", async () => {
    const t = setup();
    const user = await seedUser(db);
    const tokens = tokensOf(await signIn(t.deps(), user.email));
    t.advance(15 * 60 * 1000);
    expect(await authenticateAccessToken(db, tokens.accessToken, t.meta, t.deps().now)).toBeNull();
    t.advance(30 * 24 * 60 * 60 * 1000);
    expect(await refreshTokens(db, tokens.refreshToken, t.meta, t.deps().now)).toEqual({ ok: false, error: "INVALID_TOKEN" });

    // Refreshed on days 20, 40, 60, 80 and 89 after sign-in: each works; on day 91, two days after the
    // last use, the device is past its 90 days.
    const u = setup();
    const day = 24 * 60 * 60 * 1000;
    let current = tokensOf(await signIn(u.deps(), user.email)).refreshToken;
    for (const step of [20, 20, 20, 20, 9]) {
      u.advance(step * day);
      const next = await refreshTokens(db, current, u.meta, u.deps().now);
      if (!next.ok) throw new Error(`refresh refused: ${next.error}`);
      current = next.refreshToken;
    }
    u.advance(2 * day);
    expect(await refreshTokens(db, current, u.meta, u.deps().now)).toEqual({ ok: false, error: "INVALID_TOKEN" });
  });

  it("ends with every way the user's sessions end: sign-out, another session's password change, the company moving to SSO", async () => {
    const t = setup();
    const user = await seedUser(db);
    const a = tokensOf(await signIn(t.deps(), user.email));
    expect(await signOutDevice(db, a.accessToken, t.meta, t.deps().now)).toBe(true);
    expect(await authenticateAccessToken(db, a.accessToken, t.meta, t.deps().now)).toBeNull();

    const b = tokensOf(await signIn(t.deps(), user.email));
    await revokeOtherSessions(db, user.id, undefined, t.deps().now);
    expect(await authenticateAccessToken(db, b.accessToken, t.meta, t.deps().now)).toBeNull();
    expect(await refreshTokens(db, b.refreshToken, t.meta, t.deps().now)).toEqual({ ok: false, error: "INVALID_TOKEN" });

    const company = await db.company.create({ data: { slug: `mv-${randomBytes(3).toString("hex")}`, name: "Moving" } });
    const mover = await db.user.update({ where: { id: (await seedUser(db)).id }, data: { companyId: company.id } });
    const c = tokensOf(await signIn(t.deps(), mover.email));
    const saved = await saveConnection(db, t.deps().ring, company.id, {
      issuer: "https://idp.example",
      clientId: "c",
      clientSecret: "s",
      displayName: "Moving SSO",
      domains: [`${company.slug}.example`],
      enabled: true,
    });
    expect(saved.ok).toBe(true);
    expect(await authenticateAccessToken(db, c.accessToken, t.meta, t.deps().now)).toBeNull();
  });

  it("housekeeping keeps a device unused for days (a browser's session would be gone) and deletes it after 30", async () => {
    const t = setup();
    const user = await seedUser(db);
    const tokens = tokensOf(await signIn(t.deps(), user.email));
    const device = await authenticateAccessToken(db, tokens.accessToken, t.meta, t.deps().now);
    t.advance(5 * 24 * 60 * 60 * 1000);
    await pruneExpired(db, t.deps().now, 12 * 60 * 60 * 1000);
    expect(await db.userSession.findUnique({ where: { id: device!.deviceId } })).not.toBeNull();
    expect((await refreshTokens(db, tokens.refreshToken, t.meta, t.deps().now)).ok).toBe(true);
    t.advance(32 * 24 * 60 * 60 * 1000);
    await pruneExpired(db, t.deps().now, 12 * 60 * 60 * 1000);
    expect(await db.userSession.findUnique({ where: { id: device!.deviceId } })).toBeNull();
  });
});

describe("mobile single sign-on (RFC 8252, PKCE)", () => {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");

  it("sends an SSO company's email to its identity provider before any password is checked", async () => {
    const t = setup();
    const slug = `sso-${randomBytes(3).toString("hex")}`;
    await seedSsoCompany(db, t.deps().ring, { slug, issuer: "https://idp.example", domains: [`${slug}.example`] });
    const counters = await db.limitCounter.count();
    expect(await signIn(t.deps(), `ivy@${slug}.example`)).toMatchObject({ ok: false, error: "SSO_REQUIRED", companySlug: slug });
    expect(await db.limitCounter.count()).toBe(counters);
    expect(await startAuthorization(db, { email: "someone@elsewhere.example", deviceName: "x", codeChallenge: challenge, state: "s", now: t.deps().now })).toEqual({
      ok: false,
      error: "NOT_SSO",
    });
  });

  it("completes with the identity provider's session, then exchanges the code once, with the right verifier only", async () => {
    const t = setup();
    const slug = `sso-${randomBytes(3).toString("hex")}`;
    const { company } = await seedSsoCompany(db, t.deps().ring, { slug, issuer: "https://idp.example", domains: [`${slug}.example`] });
    const ivy = await seedSsoUser(db, company.id, `ivy@${slug}.example`);
    const now = t.deps().now;

    // A browser session from before the authorization does not complete it.
    const old = await startSession(db, { userId: ivy.id, amr: ["ext"], now: new Date(now.getTime() - 1000) });
    const started = await startAuthorization(db, { email: ivy.email, deviceName: "Ivy's Pixel", codeChallenge: challenge, state: "st-1", now });
    if (!started.ok) throw new Error(started.error);
    expect(await completeAuthorization(db, { authorizationId: started.authorizationId, session: { sessionId: old, userId: ivy.id, amr: ["ext"] }, now })).toEqual({
      ok: false,
      error: "NOT_SIGNED_IN",
    });

    const sid = await startSession(db, { userId: ivy.id, amr: ["ext"], now });
    const done = await completeAuthorization(db, { authorizationId: started.authorizationId, session: { sessionId: sid, userId: ivy.id, amr: ["ext"] }, now });
    if (!done.ok) throw new Error(done.error);
    const redirect = new URL(done.redirectTo);
    expect(`${redirect.protocol}//${redirect.host}`).toBe("staffportal://signed-in");
    expect(redirect.searchParams.get("state")).toBe("st-1");
    const code = redirect.searchParams.get("code")!;
    // The system browser's own session ends: the app is what signs in.
    expect((await db.userSession.findUnique({ where: { id: sid } }))?.revokedAt).not.toBeNull();
    // Completed once only.
    expect(await completeAuthorization(db, { authorizationId: started.authorizationId, session: { sessionId: sid, userId: ivy.id, amr: ["ext"] }, now })).toMatchObject({ ok: false });

    const wrong = randomBytes(32).toString("base64url");
    expect(await exchangeCode(db, { code, codeVerifier: wrong, meta: t.meta, now })).toEqual({ ok: false, error: "INVALID_CODE" });
    // The wrong verifier spent the code.
    expect(await exchangeCode(db, { code, codeVerifier: verifier, meta: t.meta, now })).toEqual({ ok: false, error: "INVALID_CODE" });

    const again = await startAuthorization(db, { email: ivy.email, deviceName: "Ivy's Pixel", codeChallenge: challenge, state: "st-2", now });
    if (!again.ok) throw new Error(again.error);
    const sid2 = await startSession(db, { userId: ivy.id, amr: ["ext"], now });
    const done2 = await completeAuthorization(db, { authorizationId: again.authorizationId, session: { sessionId: sid2, userId: ivy.id, amr: ["ext"] }, now });
    if (!done2.ok) throw new Error(done2.error);
    const code2 = new URL(done2.redirectTo).searchParams.get("code")!;
    const exchanged = await exchangeCode(db, { code: code2, codeVerifier: verifier, meta: t.meta, now });
    if (!exchanged.ok) throw new Error(exchanged.error);
    expect(exchanged.userId).toBe(ivy.id);
    expect(await authenticateAccessToken(db, exchanged.tokens.accessToken, t.meta, now)).toMatchObject({ user: { id: ivy.id } });
    expect(await exchangeCode(db, { code: code2, codeVerifier: verifier, meta: t.meta, now })).toEqual({ ok: false, error: "INVALID_CODE" });
    // Two minutes for the code.
    const late = await startAuthorization(db, { email: ivy.email, deviceName: "x", codeChallenge: challenge, state: "st-3", now });
    if (!late.ok) throw new Error(late.error);
    const sid3 = await startSession(db, { userId: ivy.id, amr: ["ext"], now });
    const done3 = await completeAuthorization(db, { authorizationId: late.authorizationId, session: { sessionId: sid3, userId: ivy.id, amr: ["ext"] }, now });
    if (!done3.ok) throw new Error(done3.error);
    const code3 = new URL(done3.redirectTo).searchParams.get("code")!;
    expect(await exchangeCode(db, { code: code3, codeVerifier: verifier, meta: t.meta, now: new Date(now.getTime() + 2 * 60 * 1000 + 1) })).toEqual({
      ok: false,
      error: "INVALID_CODE",
    });
  });
});
