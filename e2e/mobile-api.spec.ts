// The mobile apps' API (/api/mobile/v1) over HTTP against the built server:
// sign-in, me, refresh rotation and reuse detection, sign-out, limits shared
// with /login, hostile bodies, the company option, the device in Active
// sessions, and single sign-on in the system browser with PKCE.
import { createHash, randomBytes } from "node:crypto";
import { expect, isRemote, Portal, seed, skipIfRemote, test, type ApiAnswer } from "./fixtures";

const errorCode = (answer: ApiAnswer) => (answer.body?.error as { code?: string } | undefined)?.code;

test("an app signs in, calls me, rotates its refresh token; a used one sent again signs the device out @seed:mobile-not-affected @promise:mobile-refresh-once", async ({ users, mobile }) => {
  const user = await users.create({ mfa: "authenticator" });
  // No one-time password in the apps by default, as the help article says.
  const signedIn = await mobile.signIn(user.email, user.password);
  expect(signedIn.status).toBe(200);
  expect(signedIn.headers["cache-control"]).toBe("no-store");
  expect(signedIn.body).toMatchObject({ user: { id: user.id, name: user.name, email: user.email, company: { slug: user.company } } });
  const first = signedIn.body as { accessToken: string; refreshToken: string; accessTokenExpiresAt: string };
  expect(new Date(first.accessTokenExpiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60 * 1000);

  const me = await mobile.me(first.accessToken);
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ user: { email: user.email } });

  const rotated = await mobile.refresh(first.refreshToken);
  expect(rotated.status).toBe(200);
  const second = rotated.body as { accessToken: string; refreshToken: string };
  expect(second.refreshToken).not.toBe(first.refreshToken);
  expect((await mobile.me(second.accessToken)).status).toBe(200);

  // The first refresh token again: copied, so the device is signed out.
  const reused = await mobile.refresh(first.refreshToken);
  expect(reused.status).toBe(401);
  expect(errorCode(reused)).toBe("invalid_token");
  const after = await mobile.me(second.accessToken);
  expect(after.status).toBe(401);
  expect(after.headers["www-authenticate"]).toContain("invalid_token");
  expect((await mobile.refresh(second.refreshToken)).status).toBe(401);
});

test("'Sign out' in the app ends its tokens", async ({ users, mobile }) => {
  const user = await users.create();
  const tokens = (await mobile.signIn(user.email, user.password)).body as { accessToken: string; refreshToken: string };
  expect((await mobile.signOut(tokens.accessToken)).status).toBe(204);
  expect((await mobile.me(tokens.accessToken)).status).toBe(401);
  expect((await mobile.refresh(tokens.refreshToken)).status).toBe(401);
  expect((await mobile.signOut(tokens.accessToken)).status).toBe(401);
});

test("the device is a row of Active sessions; 'Sign out' there ends its tokens at the next call @promise:mobile-device-in-sessions", async ({ page, portal, users, mobile }) => {
  const user = await users.create();
  const tokens = (await mobile.signIn(user.email, user.password, "Bea's iPhone")).body as { accessToken: string };
  await portal.signIn(user);
  await portal.account.open(user);
  const sessions = page.getByRole("region", { name: "Active sessions" });
  const row = sessions.getByRole("row").filter({ hasText: "Staff Portal for iOS — Bea's iPhone" });
  await expect(row).toBeVisible();
  await expect(page.getByRole("region", { name: "Recent security activity" }).getByText("Signed in on a mobile app")).toBeVisible();
  await row.getByRole("button", { name: /^Sign out Staff Portal for iOS/ }).click();
  await expect(sessions.getByRole("status")).toHaveText("Signed out 1 other session.");
  await expect(row).toHaveCount(0);
  expect((await mobile.me(tokens.accessToken)).status).toBe(401);
});

test("a password change elsewhere signs the app out", async ({ portal, users, mobile }) => {
  const user = await users.create();
  const tokens = (await mobile.signIn(user.email, user.password)).body as { accessToken: string };
  await portal.signIn(user);
  await portal.account.open(user);
  const form = portal.page.getByRole("region", { name: "Change password" });
  await form.getByLabel("Current password").fill(user.password);
  await form.getByLabel("New password", { exact: true }).fill(`${user.password}-new`);
  await form.getByLabel("Confirm new password").fill(`${user.password}-new`);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(portal.page.getByRole("status")).toContainText("Your password has been changed.");
  expect((await mobile.me(tokens.accessToken)).status).toBe(401);
});

test("wrong passwords in the app count for the web sign-in from that address; the 429 says when to retry @local", async ({ browser, users, mobile }) => {
  skipIfRemote("spends 10 of the runner's address's 50 failed passwords in 15 minutes, which the rest of the suite needs");
  const user = await users.create();
  for (let i = 0; i < 10; i++) {
    const wrong = await mobile.signIn(user.email, "not-the-password-at-all");
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong)).toBe("invalid_credentials");
  }
  const locked = await mobile.signIn(user.email, user.password);
  expect(locked.status).toBe(429);
  expect(errorCode(locked)).toBe("too_many_attempts");
  expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
  expect((locked.body?.error as { retryAfter: number }).retryAfter).toBe(Number(locked.headers["retry-after"]));

  // The same address in a browser: the (account, address) pair is locked there too.
  const context = await browser.newContext({ extraHTTPHeaders: mobile.headersForBrowser() });
  const page = await context.newPage();
  const portal = new Portal(page);
  await portal.login.submit(user);
  await expect(portal.alert).toContainText("Too many attempts");
  await context.close();
});

test("hostile and malformed bodies get a stable code and a clear message, never a stack trace", async ({ users, mobile }) => {
  const user = await users.create();
  const cases: { name: string; answer: Promise<ApiAnswer>; status: number; code: string }[] = [
    { name: "wrong types", answer: mobile.post("/sessions", { email: 42, password: ["x"], deviceName: null }), status: 400, code: "validation_failed" },
    { name: "missing fields", answer: mobile.post("/sessions", { email: user.email }), status: 400, code: "validation_failed" },
    { name: "an extra field", answer: mobile.post("/sessions", { email: user.email, password: user.password, deviceName: "x", admin: true }), status: 400, code: "validation_failed" },
    { name: "not JSON", answer: mobile.post("/sessions", null, { raw: "{email:" }), status: 400, code: "validation_failed" },
    { name: "JSON that is not an object", answer: mobile.post("/sessions", null, { raw: "[1,2,3]" }), status: 400, code: "validation_failed" },
    { name: "a form instead of JSON", answer: mobile.post("/sessions", null, { raw: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } }), status: 415, code: "unsupported_media_type" },
    { name: "over 16 kB", answer: mobile.post("/sessions", { email: user.email, password: "x".repeat(20_000), deviceName: "x" }), status: 413, code: "payload_too_large" },
    { name: "a refresh token of the wrong shape", answer: mobile.post("/sessions/refresh", { refreshToken: "' OR 1=1 --" }), status: 401, code: "invalid_token" },
    { name: "a PKCE verifier too short", answer: mobile.post("/sessions/exchange", { code: "abc", codeVerifier: "short" }), status: 400, code: "validation_failed" },
    { name: "an unknown challenge", answer: mobile.post("/sessions/otp", { challengeToken: "x".repeat(43), code: "123456", deviceName: "x" }), status: 401, code: "challenge_expired" },
  ];
  for (const c of cases) {
    const answer = await c.answer;
    expect.soft(answer.status, c.name).toBe(c.status);
    expect.soft(errorCode(answer), c.name).toBe(c.code);
    expect.soft((answer.body?.error as { message?: string })?.message, c.name).toBeTruthy();
    expect.soft(answer.text, c.name).not.toMatch(/\n\s+at |node_modules|Prisma/);
  }
  const fields = (await mobile.post("/sessions", { email: user.email, password: user.password, deviceName: "x", admin: true })).body?.error as { fields: Record<string, string[]> };
  expect(fields.fields.admin).toEqual(["This field is not accepted."]);
  // A token of the right shape that the portal never issued opens nothing.
  expect(errorCode(await mobile.get("/me", "spa_" + "A".repeat(43)))).toBe("invalid_token");
  expect(errorCode(await mobile.get("/me"))).toBe("invalid_token");
});

test("an administrator's 'Require MFA in the mobile apps too' makes the app ask for the code, with the web's rules @promise:mobile-mfa-option", async ({ page, portal, users, totp, mailbox, mobile }) => {
  const company = users.createCompany();
  const admin = await users.create({ role: "admin", company: company.slug, mfa: "authenticator" });
  const staff = await users.create({ company: company.slug, mfa: "authenticator" });
  const emailer = await users.create({ company: company.slug, mfa: "email" });
  const before = await mobile.signIn(staff.email, staff.password);
  expect(before.status).toBe(200);

  await portal.login.submit(admin);
  await portal.otp.submit(totp.now(admin.secret!));
  await expect(page).toHaveURL("/");
  await portal.company.requireMfaInApps(admin, true);
  // The device signed in with the password alone before the change is signed out.
  expect((await mobile.me((before.body as { accessToken: string }).accessToken)).status).toBe(401);

  const asked = await mobile.signIn(staff.email, staff.password);
  expect(asked.status).toBe(401);
  const error = asked.body?.error as { code: string; challengeToken: string; method: string };
  expect(error).toMatchObject({ code: "mfa_required", method: "TOTP" });
  const wrong = await mobile.post("/sessions/otp", { challengeToken: error.challengeToken, code: "000000", deviceName: "x" });
  expect(errorCode(wrong)).toBe("invalid_code");
  const code = await totp.next(staff.secret!);
  const done = await mobile.post("/sessions/otp", { challengeToken: error.challengeToken, code, deviceName: "Pixel" });
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({ user: { email: staff.email } });
  // A code works once: the same code on a new sign-in is refused.
  const again = (await mobile.signIn(staff.email, staff.password)).body?.error as { challengeToken: string };
  expect(errorCode(await mobile.post("/sessions/otp", { challengeToken: again.challengeToken, code, deviceName: "x" }))).toBe("invalid_code");

  // An Email user asks for the code by email.
  const byEmail = (await mobile.signIn(emailer.email, emailer.password)).body?.error as { code: string; challengeToken: string; method: string };
  expect(byEmail).toMatchObject({ code: "mfa_required", method: "EMAIL" });
  expect((await mobile.post("/sessions/email-code", { challengeToken: byEmail.challengeToken })).status).toBe(200);
  const emailed = await mailbox.latestCode(emailer.email);
  expect((await mobile.post("/sessions/otp", { challengeToken: byEmail.challengeToken, code: emailed, deviceName: "x" })).status).toBe(200);
});

test("an SSO company's user is sent to the browser; the PKCE round trip through the identity provider ends in tokens", async ({ page, mobile, users, idps }) => {
  // An Initech account of the test's own (the suite's IdPs take new accounts); against a deployment, the seed's Ivy.
  const ivy = isRemote ? seed.ivy : await users.create({ company: "initech", domain: "initech.test", name: "Ivy Test" });
  if (!isRemote) await idps.addAccount("initech", { email: ivy.email, name: ivy.name });
  const answer = await mobile.signIn(ivy.email, "anything-at-all");
  expect(answer.status).toBe(403);
  const error = answer.body?.error as { code: string; authorizeUrl: string };
  expect(error.code).toBe("sso_required");

  // The app: a verifier, its S256 challenge, a state; the system browser opens the authorize address.
  const verifier = randomBytes(32).toString("base64url");
  const authorize = new URL(error.authorizeUrl);
  authorize.searchParams.set("deviceName", "Ivy's Pixel");
  authorize.searchParams.set("codeChallenge", createHash("sha256").update(verifier).digest("base64url"));
  authorize.searchParams.set("codeChallengeMethod", "S256");
  authorize.searchParams.set("state", "app-state-1");

  await page.goto(authorize.toString());
  await expect(page.getByRole("heading", { name: "Local identity provider" })).toBeVisible({ timeout: 30_000 });
  await page.getByLabel("Email").fill(ivy.email);
  await page.getByLabel("Password").fill(seed.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Back at the portal, Ivy confirms that her app on that device signs in (a link from anywhere must not do it alone).
  await expect(page.getByRole("heading", { name: "Sign in to the Staff Portal app?" })).toBeVisible();
  await expect(page.getByText("Ivy's Pixel")).toBeVisible();
  // The portal's last answer redirects to the app's scheme, which the operating system hands to the app: read from that answer.
  const completed = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/mobile/v1/sso/complete" && response.request().method() === "POST");
  await page.getByRole("button", { name: "Continue to the app" }).click();
  const answer303 = await completed;
  expect(answer303.status()).toBe(303);
  const appRedirect = answer303.headers()["location"];

  const redirect = new URL(appRedirect!);
  expect(redirect.protocol).toBe("staffportal:");
  expect(redirect.searchParams.get("state")).toBe("app-state-1");
  const code = redirect.searchParams.get("code")!;
  // Another first character (a random code starts with "x" once in 64: prefixing "x" would then send the code itself).
  const tampered = (code[0] === "x" ? "y" : "x") + code.slice(1);
  expect(errorCode(await mobile.post("/sessions/exchange", { code: tampered, codeVerifier: verifier }))).toBe("invalid_code");
  const exchanged = await mobile.post("/sessions/exchange", { code, codeVerifier: verifier });
  expect(exchanged.status).toBe(200);
  expect(exchanged.body).toMatchObject({ user: { email: ivy.email } });
  const { accessToken } = exchanged.body as { accessToken: string };
  expect((await mobile.me(accessToken)).body).toMatchObject({ user: { name: ivy.name } });
  // Once only.
  expect((await mobile.post("/sessions/exchange", { code, codeVerifier: verifier })).status).toBe(401);
});

test("the OpenAPI document is served", async ({ request }) => {
  const response = await request.get("/api/mobile/v1/openapi.json");
  expect(response.status()).toBe(200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/api/mobile/v1/sessions");
});
