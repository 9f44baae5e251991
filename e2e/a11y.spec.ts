import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, resetLinkFor, test } from "./fixtures";

/** WCAG 2.1 A and AA rules from axe-core on the page as a user sees it. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("sign-in, OTP and settings pages pass axe's WCAG 2.1 AA rules", { tag: ["@promise:wcag-aa"] }, async ({ page, portal, users, totp }) => {
  await page.goto("/login");
  await expectAccessible(page);

  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);
  await portal.account.chooseMfa("Authenticator", user.password);
  await expect(page.getByLabel("Setup key")).toBeVisible();
  await expectAccessible(page);
  await page.reload();

  await portal.account.open(user);
  const secret = await portal.account.turnOnAuthenticator(user.password, totp);
  await portal.signOut(user);
  await portal.login.submit(user);
  await expect(portal.otp.heading).toBeVisible();
  expect(secret).toBeTruthy();
  await expectAccessible(page);
});

test("Company settings pages, the requirement banner and the keyboard path to them pass axe", async ({ page, browser, portal, users, totp }) => {
  const company = users.createCompany();
  const admin = await users.create({ company: company.slug, role: "admin" });
  const staff = await users.create({ company: company.slug, name: "Keyboard Staff" });
  await portal.signIn(admin);
  await portal.account.open(admin);
  await portal.account.turnOnAuthenticator(admin.password, totp);

  // Keyboard alone: the name menu, Company settings, Sign-in security, the policy form.
  // Enabled once the page's script runs (components/use-hydrated.ts); focus() alone would not wait.
  await expect(page.getByRole("button", { name: admin.name })).toBeEnabled();
  await page.getByRole("button", { name: admin.name }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "Company settings" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Staff" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Company settings" }).getByRole("link", { name: "Sign-in security" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in security" })).toBeVisible();
  await page.getByLabel("On", { exact: true }).focus();
  await page.keyboard.press("Space");
  await page.getByLabel("Days to set it up").fill("14");
  await page.getByLabel("Current password").fill(admin.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main").getByRole("status")).toHaveText("Sign-in security saved.");
  await expectAccessible(page);

  await page.goto("/company/audit");
  await expectAccessible(page);
  await page.goto("/company/sso");
  await expect(page.getByRole("heading", { level: 1, name: "Single sign-on" })).toBeVisible();
  await expectAccessible(page);
  await page.goto("/company/staff");
  await page.getByRole("link", { name: "Keyboard Staff" }).click();
  await expect(page.getByRole("heading", { name: "Keyboard Staff" })).toBeVisible();
  await expectAccessible(page);

  const staffPortal = portal.on(await (await browser.newContext()).newPage());
  await staffPortal.signIn(staff);
  await expect(staffPortal.page.getByRole("status").filter({ hasText: "requires multi-factor authentication" })).toBeVisible();
  await expectAccessible(staffPortal.page);
});

test("the ways back in pass axe: forgot password, the reset link page, recovery codes, the OTP page's other codes, Help them sign in", async ({ page, portal, users, totp, mailbox }) => {
  // A long journey: two sign-ins, two enrolments, five pages checked.
  test.setTimeout(120_000);
  const company = users.createCompany();
  const admin = await users.create({ company: company.slug, role: "admin" });
  const staff = await users.create({ company: company.slug, name: "Lost Phone Staff" });

  await page.goto("/login/forgot");
  await expectAccessible(page);
  await portal.passwordReset.askForLink(staff.email);
  await expect(page.getByRole("status")).toContainText("If that address belongs to an account");
  await expectAccessible(page);
  await page.goto(await resetLinkFor(mailbox, staff.email));
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expectAccessible(page);

  // The recovery codes block and section, then the OTP page's recovery and access code forms.
  await portal.signIn(staff);
  await portal.account.open(staff);
  await portal.account.turnOnAuthenticator(staff.password, totp);
  await expect(portal.recoveryCodes.block).toBeVisible();
  await expectAccessible(page);
  await portal.signOut(staff);
  await portal.login.submit(staff);
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await expect(page.getByLabel("Recovery code")).toBeFocused();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Use a code from your administrator" }).click();
  await expect(page.getByLabel("Access code")).toBeFocused();
  await expectAccessible(page);

  // The administrator's "Help them sign in", keyboard first.
  await page.goto("/login");
  await portal.signIn(admin);
  await portal.account.open(admin);
  await portal.account.turnOnAuthenticator(admin.password, totp);
  await page.goto("/company/staff");
  await page.getByRole("link", { name: "Lost Phone Staff" }).click();
  const help = page.getByRole("region", { name: "Help them sign in" });
  await expect(help.getByLabel("Reason")).toBeEnabled();
  await help.getByLabel("Reason").focus();
  await page.keyboard.type("Lost phone");
  await expect(help.getByRole("button", { name: "Create access code" })).toBeVisible();
  await expectAccessible(page);
});
