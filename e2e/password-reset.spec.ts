import { randomBytes } from "node:crypto";
import { browserFromOwnIp, expect, ownIpHeaders, recordAction, replayAction, resetLinkFor, test } from "./fixtures";

// "Forgot your password?" is limited per client IP: this spec has an address of its own.
const ownIp = ownIpHeaders();
test.use({ extraHTTPHeaders: ownIp });

const ANSWER = "If that address belongs to an account, we've emailed a link. It works for 30 minutes.";
const LINK_INVALID = "This link has expired or has already been used. Ask for a new one.";
const RESET_NOTICE = "Your password has been changed and you are signed in. Every other session was signed out.";

const unknownEmail = () => `nobody-${randomBytes(4).toString("hex")}@acme.test`;
const newPassword = () => `new-${randomBytes(4).toString("hex")}-long-enough`;

test("a known and an unknown email get the same page; only the known one is emailed a link", { tag: ["@promise:reset-same-answer"] }, async ({ page, portal, users, mailbox }) => {
  const user = await users.create();
  const unknown = unknownEmail();

  await portal.passwordReset.askForLink(unknown);
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  const forUnknown = await page.getByRole("main").innerText();

  await portal.passwordReset.askForLink(user.email);
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  expect(await page.getByRole("main").innerText()).toBe(forUnknown);

  await expect.poll(async () => (await mailbox.emails(user.email)).length).toBe(1);
  expect((await mailbox.emails(user.email))[0]!.text).toContain("/login/reset/");
  // Nothing is ever written to an address that is not an account's.
  expect(await mailbox.emails(unknown)).toEqual([]);
});

test("the answer takes about as long for a known email as for an unknown one", async ({ browser, users }) => {
  const user = await users.create();
  // Its own address: 13 requests here must not spend the spec's per-IP budget.
  const { context, page, portal, ip } = await browserFromOwnIp(browser);
  const recorded = recordAction(page, "/login/forgot");
  await portal.passwordReset.askForLink(unknownEmail());
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  const action = await recorded;

  const timed = async (email: string) => {
    const start = performance.now();
    const response = await replayAction(page, action, "/login/forgot", [{ email }], { "x-forwarded-for": ip });
    const elapsed = performance.now() - start;
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain('"ok":true');
    return elapsed;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  // Interleaved, so that a slow moment of the machine falls on both.
  for (let i = 0; i < 6; i++) {
    known.push(await timed(user.email));
    unknown.push(await timed(unknownEmail()));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const [a, b] = [median(known), median(unknown)];
  // The same statements either way (the email is sent later, by a worker): within noise, generously.
  expect(Math.abs(a - b), `median known ${a.toFixed(0)} ms, unknown ${b.toFixed(0)} ms`).toBeLessThan(Math.max(150, 0.5 * Math.max(a, b)));
  await context.close();
});

test("from the sign-in form, a user without MFA chooses a new password with the link, is signed in, and every other session is signed out; the link works once", async ({ page, browser, portal, users, mailbox }) => {
  const user = await users.create();
  const other = await browser.newContext({ extraHTTPHeaders: ownIp });
  const elsewhere = portal.on(await other.newPage());
  await elsewhere.signIn(user);

  // The link sits with the password field, reachable from the keyboard.
  await portal.login.open();
  // Enabled once the page's script runs (components/form.tsx); focus() alone would not wait.
  await expect(page.getByLabel("Password")).toBeEnabled();
  await page.getByLabel("Password").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Forgot your password?" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(portal.passwordReset.heading).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(ANSWER);

  const link = await resetLinkFor(mailbox, user.email);
  await page.goto(link);
  await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
  // Change password's rules and messages, beside the field.
  await portal.passwordReset.choosePassword("too-short");
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/Use at least 12 characters\./);
  await portal.passwordReset.choosePassword("Password2026!");
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/This password is too common\. Choose another\./);
  const password = newPassword();
  await portal.passwordReset.choosePassword(password, `${password}x`);
  await expect(page.getByLabel("Confirm new password")).toHaveAccessibleDescription("The passwords don't match.");
  // Nothing changed so far: the other browser is still signed in.
  await elsewhere.page.reload();
  await elsewhere.expectSignedIn(user);

  await portal.passwordReset.choosePassword(password);
  await expect(page).toHaveURL("/");
  await portal.expectSignedIn(user);
  await expect(page.getByRole("status").filter({ hasText: RESET_NOTICE })).toBeVisible();
  await elsewhere.expectNoSession();
  await portal.account.open(user);
  await expect(portal.account.activity).toContainText("Password reset with an emailed link; all sessions signed out");
  await expect(portal.account.activity).toContainText("A password reset link was requested");
  await expect.poll(async () => (await mailbox.emails(user.email)).some((m) => m.text.includes("password was reset"))).toBe(true);

  // The new password signs in; the old one no longer does.
  await portal.signOut(user);
  await portal.login.submit(user);
  await expect(portal.alert).toHaveText("Incorrect email or password.");
  await portal.signIn({ ...user, password });

  // The link works once.
  await portal.signOut(user);
  await page.goto(link);
  await expect(portal.alert).toHaveText(LINK_INVALID);
  await expect(page.getByLabel("New password", { exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(portal.passwordReset.heading).toBeVisible();
  await other.close();
});

test("an authenticator user is asked for their code after choosing the new password, and nothing changes before it", async ({ page, browser, portal, users, totp, mailbox }) => {
  const user = await users.create({ mfa: "authenticator" });
  const secret = user.secret!;
  await portal.passwordReset.askForLink(user.email);
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  await page.goto(await resetLinkFor(mailbox, user.email));
  const password = newPassword();
  await portal.passwordReset.choosePassword(password);
  await expect(page).toHaveURL("/login/verify");
  await expect(portal.otp.heading).toBeVisible();
  await portal.expectNoSession();

  // Before the code: the new password is not the account's; the old one still is (up to its own code).
  const other = await browser.newContext({ extraHTTPHeaders: ownIp });
  const elsewhere = portal.on(await other.newPage());
  await elsewhere.login.submit({ email: user.email, password });
  await expect(elsewhere.alert).toHaveText("Incorrect email or password.");
  await elsewhere.login.submit(user);
  await expect(elsewhere.page).toHaveURL("/login/verify");

  // A code of a step the portal has not seen (each step is accepted once).
  await portal.otp.submit(await totp.next(secret));
  await expect(page).toHaveURL("/");
  await portal.expectSignedIn(user);
  await expect(page.getByRole("status").filter({ hasText: RESET_NOTICE })).toBeVisible();

  // The old password's sign-in that was waiting for its code is void.
  await elsewhere.page.reload();
  await expect(elsewhere.login.heading).toBeVisible();
  await other.close();

  // From now on: the new password, then the authenticator code.
  await portal.signOut(user);
  await portal.login.submit({ email: user.email, password });
  await portal.otp.submit(await totp.next(secret));
  await portal.expectSignedIn(user);
});

test("a user of a single sign-on company is told so, and no email is sent", async ({ page, portal, users, mailbox }) => {
  const company = users.createCompany({ sso: true });
  const user = await users.create({ company: company.slug });
  await portal.passwordReset.askForLink(user.email);
  await expect(portal.alert).toHaveText("Your company signs in with single sign-on.");
  await expect(page.getByRole("status")).toHaveCount(0);
  expect(await mailbox.emails(user.email)).toEqual([]);
});
