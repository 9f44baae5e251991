import { createHash } from "node:crypto";
import { database, expect, PRIMARY_URL, recordAction, replayAction, SECONDARY_URL, skipIfRemote, test, type Totp } from "./fixtures";

// Two portal processes on one PostgreSQL (the primary on E2E_PORT and the
// secondary): the race guards must hold across processes, not only inside one.
skipIfRemote("needs two portal processes on one database");
const otherCode = (totp: Totp, secret: string) => ["000000", "111111", "222222"].find((c) => ![-1, 0, 1, 2].some((o) => totp.at(secret, o) === c))!;

test("50 submissions of one valid code, split across two processes, create exactly one session @local", { tag: ["@promise:races-across-processes"] }, async ({ page, context, playwright, portal, users, totp }) => {
  const user = await users.create({ mfa: "authenticator" });
  const secret = user.secret!;
  await portal.login.submit(user);
  // Record the browser's real verify action (one wrong code: 1 of the challenge's 5).
  // The OTP page's own action (not the sign-in action that may still be on its way).
  const recorded = recordAction(page, "/login/verify");
  await portal.otp.submit(otherCode(totp, secret));
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  const request = await recorded;
  const challenge = (await context.cookies()).find((c) => c.name === "sp_challenge")!.value;

  const code = await totp.next(secret);
  const api = await playwright.request.newContext({ extraHTTPHeaders: { cookie: `sp_challenge=${challenge}` } });
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => replayAction(api, request, `${i % 2 ? SECONDARY_URL : PRIMARY_URL}/login/verify`, [{ code }])),
  );
  const signedIn = responses.filter((r) => (r.headers()["set-cookie"] ?? "").includes("authjs.session-token="));
  expect(signedIn).toHaveLength(1);
  const sessions = await database.count(
    `SELECT count(*) AS n FROM "UserSession" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1 AND s.amr = 'pwd otp'`,
    [user.email],
  );
  expect(sessions).toBe(1);
  await api.dispose();
});

test("40 wrong passwords from one client, split across two processes, lock that client out after exactly 10 @local", { tag: ["@promise:races-across-processes"] }, async ({ page, playwright, portal, users }) => {
  const user = await users.create();
  // One client address throughout, so that the (account, client) lock decides.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "198.51.100.77" });
  // Record the sign-in action once, from a browser, with a wrong password (failure 1 of 10).
  const recorded = page.waitForRequest((r) => !!r.headers()["next-action"] && (r.postData() ?? "").includes("password"));
  await portal.login.submit({ email: user.email, password: "wrong-password-0" });
  await expect(portal.alert).toHaveText("Incorrect email or password.");
  const request = await recorded;

  const api = await playwright.request.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.77" } });
  const responses = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      replayAction(api, request, `${i % 2 ? SECONDARY_URL : PRIMARY_URL}/login`, [{ email: user.email, password: `wrong-password-${i + 1}`, callbackUrl: "/" }]),
    ),
  );
  const outcomes = await Promise.all(responses.map(async (r) => /"error":"([A-Z_]+)"/.exec(await r.text())?.[1]));
  expect(outcomes.filter((o) => o === "INVALID_CREDENTIALS")).toHaveLength(9);
  expect(outcomes.filter((o) => o === "TOO_MANY_ATTEMPTS")).toHaveLength(31);
  const key = createHash("sha256").update(`${user.email}|ip:198.51.100.77`).digest("hex");
  const locks = await database.query(`SELECT 1 FROM "LimitCounter" WHERE scope = 'PASSWORD_CLIENT' AND key = $1 AND "lockedUntil" > now()`, [key]);
  expect(locks).toHaveLength(1);

  // The right password is refused too while the lock lasts, on either process.
  for (const base of [PRIMARY_URL, SECONDARY_URL]) {
    const right = await replayAction(api, request, `${base}/login`, [{ email: user.email, password: user.password, callbackUrl: "/" }]);
    expect(await right.text()).toContain('"error":"TOO_MANY_ATTEMPTS"');
  }
  await api.dispose();
});
