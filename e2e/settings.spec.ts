import { expect, test } from "@playwright/test";
import { emailsTo } from "./support/mailbox";
import { createUser } from "./support/users";
import { formAlert, openAccountSettings, signIn, signOut, submitPassword } from "./support/pages";

test("name menu -> My details / settings -> Account settings", { tag: ["@seed:settings-path"] }, async ({ page }) => {
  const user = createUser({ name: "Casey Jordan" });
  await signIn(page, user);
  await page.getByRole("button", { name: "Casey Jordan" }).click();
  await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
  await page.getByRole("menuitem", { name: "My details / settings" }).click();
  await expect(page.getByRole("heading", { name: "My details" })).toBeVisible();
  await expect(page.getByText(user.email)).toBeVisible();
  await expect(page.getByText("Acme Ltd")).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Settings" });
  await expect(nav.getByRole("link", { name: "My details" })).toHaveAttribute("aria-current", "page");
  await nav.getByRole("link", { name: "Account settings" }).click();
  await expect(page).toHaveURL("/settings/account");
  await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();
});

test("change password: the old one stops working, the new one works", async ({ page }) => {
  const user = createUser();
  const newPassword = "a-brand-new-passphrase";
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const section = page.getByRole("region", { name: "Change password" });

  await section.getByLabel("Current password").fill("wrong-current-password");
  await section.getByLabel("New password", { exact: true }).fill(newPassword);
  await section.getByLabel("Confirm new password").fill(newPassword);
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(formAlert(page)).toHaveText("Your current password is incorrect.");

  await section.getByLabel("Current password").fill(user.password);
  await section.getByLabel("New password", { exact: true }).fill("short");
  await section.getByLabel("Confirm new password").fill("short");
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  // A common password is refused beside the field, and the old one still works (checked below).
  await section.getByLabel("New password", { exact: true }).fill("Password2026!");
  await section.getByLabel("Confirm new password").fill("Password2026!");
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(section.getByText("This password is too common. Choose another.").first()).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/This password is too common/);

  await section.getByLabel("New password", { exact: true }).fill(newPassword);
  await section.getByLabel("Confirm new password").fill(newPassword + "x");
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The passwords don't match.")).toBeVisible();

  await section.getByLabel("Confirm new password").fill(newPassword);
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed.");
  // The notice comes through the email queue, a moment after the change.
  await expect
    .poll(async () => (await emailsTo(page.context(), user.email)).some((text) => text.includes("The password of your account was changed")))
    .toBe(true);

  await signOut(page, user.name);
  await submitPassword(page, user);
  await expect(formAlert(page)).toHaveText("Incorrect email or password.");
  await submitPassword(page, { email: user.email, password: newPassword });
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
});

test("changing the password signs out the user's other browsers", async ({ page, browser }) => {
  const user = createUser();
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, user);
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const section = page.getByRole("region", { name: "Change password" });
  await section.getByLabel("Current password").fill(user.password);
  await section.getByLabel("New password", { exact: true }).fill("another-long-passphrase");
  await section.getByLabel("Confirm new password").fill("another-long-passphrase");
  await section.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed.");
  await otherPage.goto("/settings/details");
  await expect(otherPage).toHaveURL(/\/login/);
  await page.goto("/settings/details");
  await expect(page.getByRole("heading", { name: "My details" })).toBeVisible();
  await other.close();
});
