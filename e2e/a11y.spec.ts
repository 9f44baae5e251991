import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { createUser } from "./support/users";
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
