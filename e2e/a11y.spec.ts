import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createCompany, createUser } from "./support/users";
import { enrollAuthenticator, openAccountSettings, saveMfaOption, signIn, signOut, submitPassword } from "./support/pages";

/** WCAG 2.1 A and AA rules from axe-core on the page as a user sees it. */
async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("sign-in, OTP and settings pages pass axe's WCAG 2.1 AA rules", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page);

  const user = createUser();
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  await saveMfaOption(page, "Authenticator", user.password);
  await expect(page.getByLabel("Setup key")).toBeVisible();
  await expectAccessible(page);
  await page.reload();

  const secret = await enrollAuthenticator(page, user);
  await signOut(page, user.name);
  await submitPassword(page, user);
  await expect(page.getByRole("heading", { name: "Enter your one-time password" })).toBeVisible();
  expect(secret).toBeTruthy();
  await expectAccessible(page);
});

test("Company settings pages, the requirement banner and the keyboard path to them pass axe", async ({ page, browser }) => {
  const company = createCompany();
  const admin = createUser({ company: company.slug, role: "admin" });
  const staff = createUser({ company: company.slug, name: "Keyboard Staff" });
  await signIn(page, admin);
  await enrollAuthenticator(page, admin);

  // Keyboard alone: the name menu, Company settings, Sign-in security, the policy form.
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
  await page.goto("/company/staff");
  await page.getByRole("link", { name: "Keyboard Staff" }).click();
  await expect(page.getByRole("heading", { name: "Keyboard Staff" })).toBeVisible();
  await expectAccessible(page);

  const staffPage = await (await browser.newContext()).newPage();
  await signIn(staffPage, staff);
  await expect(staffPage.getByRole("status").filter({ hasText: "requires multi-factor authentication" })).toBeVisible();
  await expectAccessible(staffPage);
});
