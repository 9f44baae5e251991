import { randomBytes } from "node:crypto";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { replayAction } from "./support/actions";
import { contextFromOwnIp, ownIpHeaders } from "./support/client-ip";
import { emailsTo } from "./support/mailbox";
import { authenticatorUser, expectNoSession, formAlert, openAccountSettings, signIn, signOut, submitOtp, submitPassword } from "./support/pages";
import { authenticatorCode, codeAfter, currentStep } from "./support/totp";
import { createCompany, createUser } from "./support/users";

// "Forgot your password?" is limited per client IP: this spec has an address of its own.
const ownIp = ownIpHeaders();
test.use({ extraHTTPHeaders: ownIp });

const ANSWER = "If that address belongs to an account, we've emailed a link. It works for 30 minutes.";
const LINK_INVALID = "This link has expired or has already been used. Ask for a new one.";
const RESET_NOTICE = "Your password has been changed and you are signed in. Every other session was signed out.";

const unknownEmail = () => `nobody-${randomBytes(4).toString("hex")}@acme.test`;
const newPassword = () => `new-${randomBytes(4).toString("hex")}-long-enough`;

/** "Forgot your password?" as a user fills it in; waits for the page's answer. */
async function askForLink(page: Page, email: string) {
  await page.goto("/login/forgot");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
}

/**
 * The path of the newest reset link emailed to `to`, once at least `n` have
 * arrived. Any instance on the suite's database may have sent it (with its
 * own APP_URL): the path opens on this one.
 */
async function resetLinkFromEmail(context: BrowserContext, to: string, n = 1): Promise<string> {
  let links: string[] = [];
  await expect
    .poll(async () => {
      links = (await emailsTo(context, to)).map((text) => /https?:\/\/\S+?(\/login\/reset\/[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/.exec(text)?.[1]).filter((l): l is string => !!l);
      return links.length;
    })
    .toBeGreaterThanOrEqual(n);
  return links[0]!;
}

/** The link page's form. */
async function choosePassword(page: Page, password: string, confirm = password) {
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Confirm new password").fill(confirm);
  await page.getByRole("button", { name: "Change password" }).click();
}

test("a known and an unknown email get the same page; only the known one is emailed a link", { tag: ["@promise:reset-same-answer"] }, async ({ page, context }) => {
  const user = createUser();
  const unknown = unknownEmail();

  await askForLink(page, unknown);
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  const forUnknown = await page.getByRole("main").innerText();

  await askForLink(page, user.email);
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  expect(await page.getByRole("main").innerText()).toBe(forUnknown);

  await expect.poll(async () => (await emailsTo(context, user.email)).length).toBe(1);
  expect((await emailsTo(context, user.email))[0]).toContain("/login/reset/");
  // Nothing is ever written to an address that is not an account's.
  expect(await emailsTo(context, unknown)).toEqual([]);
});

test("the answer takes about as long for a known email as for an unknown one", async ({ browser }) => {
  const user = createUser();
  // Its own address: 13 requests here must not spend the spec's per-IP budget.
  const { context, page, ip } = await contextFromOwnIp(browser);
  const recorded = page.waitForRequest((r) => !!r.headers()["next-action"] && new URL(r.url()).pathname === "/login/forgot");
  await askForLink(page, unknownEmail());
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  const action = await recorded;

  const timed = async (email: string) => {
    const start = performance.now();
    const response = await replayAction(context.request, action, new URL("/login/forgot", page.url()).toString(), [{ email }], { "x-forwarded-for": ip });
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

test("from the sign-in form, a user without MFA chooses a new password with the link, is signed in, and every other session is signed out; the link works once", async ({ page, context, browser }) => {
  const user = createUser();
  const other = await browser.newContext({ extraHTTPHeaders: ownIp });
  const otherPage = await other.newPage();
  await signIn(otherPage, user);

  // The link sits with the password field, reachable from the keyboard.
  await page.goto("/login");
  await page.getByLabel("Password").focus();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Forgot your password?" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(user.email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toHaveText(ANSWER);

  const link = await resetLinkFromEmail(context, user.email);
  await page.goto(link);
  await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
  // Change password's rules and messages, beside the field.
  await choosePassword(page, "too-short");
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/Use at least 12 characters\./);
  await choosePassword(page, "Password2026!");
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/This password is too common\. Choose another\./);
  const password = newPassword();
  await choosePassword(page, password, `${password}x`);
  await expect(page.getByLabel("Confirm new password")).toHaveAccessibleDescription("The passwords don't match.");
  // Nothing changed so far: the other browser is still signed in.
  await otherPage.reload();
  await expect(otherPage.getByRole("button", { name: user.name })).toBeVisible();

  await choosePassword(page, password);
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: RESET_NOTICE })).toBeVisible();
  await expectNoSession(other);
  await openAccountSettings(page, user.name);
  await expect(page.getByRole("region", { name: "Recent security activity" })).toContainText("Password reset with an emailed link; all sessions signed out");
  await expect(page.getByRole("region", { name: "Recent security activity" })).toContainText("A password reset link was requested");
  await expect.poll(async () => (await emailsTo(context, user.email)).some((t) => t.includes("password was reset"))).toBe(true);

  // The new password signs in; the old one no longer does.
  await signOut(page, user.name);
  await submitPassword(page, user);
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  await signIn(page, { ...user, password });

  // The link works once.
  await signOut(page, user.name);
  await page.goto(link);
  await expect(formAlert(page)).toHaveText(LINK_INVALID);
  await expect(page.getByLabel("New password", { exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Ask for a new link" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await other.close();
});

test("an authenticator user is asked for their code after choosing the new password, and nothing changes before it", async ({ page, context, browser }) => {
  const { user, secret } = await authenticatorUser(page);
  await askForLink(page, user.email);
  await expect(page.getByRole("status")).toHaveText(ANSWER);
  await page.goto(await resetLinkFromEmail(context, user.email));
  const password = newPassword();
  await choosePassword(page, password);
  await expect(page).toHaveURL("/login/verify");
  await expect(page.getByRole("heading", { name: "Enter your one-time password" })).toBeVisible();
  await expectNoSession(context);

  // Before the code: the new password is not the account's; the old one still is (up to its own code).
  const elsewhere = await browser.newContext({ extraHTTPHeaders: ownIp });
  const elsewherePage = await elsewhere.newPage();
  await submitPassword(elsewherePage, { email: user.email, password });
  await expect(formAlert(elsewherePage)).toHaveText("Incorrect email or password.");
  await submitPassword(elsewherePage, user);
  await expect(elsewherePage).toHaveURL("/login/verify");

  // The next step's code: later than the enrollment's (each step is accepted once).
  const resetStep = currentStep() + 1;
  await submitOtp(page, authenticatorCode(secret, 1));
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: RESET_NOTICE })).toBeVisible();

  // The old password's sign-in that was waiting for its code is void.
  await elsewherePage.reload();
  await expect(elsewherePage.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await elsewhere.close();

  // From now on: the new password, then the authenticator code.
  await signOut(page, user.name);
  await submitPassword(page, { email: user.email, password });
  await submitOtp(page, await codeAfter(secret, resetStep));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
});

test("a user of a single sign-on company is told so, and no email is sent", async ({ page, context }) => {
  const company = createCompany({ sso: true });
  const user = createUser({ company: company.slug });
  await askForLink(page, user.email);
  await expect(formAlert(page)).toHaveText("Your company signs in with single sign-on.");
  await expect(page.getByRole("status")).toHaveCount(0);
  expect(await emailsTo(context, user.email)).toEqual([]);
});
