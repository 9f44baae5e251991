import { expect, test } from "./fixtures";

test("name menu -> My details / settings -> Account settings", { tag: ["@seed:settings-path"] }, async ({ page, portal, users }) => {
  const user = await users.create({ name: "Casey Jordan" });
  await portal.signIn(user);
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

test("change password: the old one stops working, the new one works", async ({ page, portal, users, mailbox }) => {
  const user = await users.create();
  const newPassword = "a-brand-new-passphrase";
  await portal.signIn(user);
  await portal.account.open(user);
  const section = portal.account.password;

  await portal.account.changePassword("wrong-current-password", newPassword);
  await expect(portal.alert).toHaveText("Your current password is incorrect.");

  await portal.account.changePassword(user.password, "short");
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  // A common password is refused beside the field, and the old one still works (checked below).
  await portal.account.changePassword(user.password, "Password2026!");
  await expect(section.getByText("This password is too common. Choose another.").first()).toBeVisible();
  await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/This password is too common/);

  await portal.account.changePassword(user.password, newPassword, newPassword + "x");
  await expect(page.getByText("The passwords don't match.")).toBeVisible();

  await portal.account.changePassword(user.password, newPassword);
  await expect(page.getByRole("status")).toContainText("Your password has been changed.");
  // The notice comes through the email queue, a moment after the change.
  await expect.poll(async () => (await mailbox.emails(user.email)).some((m) => m.text.includes("The password of your account was changed"))).toBe(true);

  await portal.signOut(user);
  await portal.login.submit(user);
  await expect(portal.alert).toHaveText("Incorrect email or password.");
  await portal.login.submit({ email: user.email, password: newPassword });
  await portal.expectSignedIn(user);
});

test("changing the password signs out the user's other browsers", async ({ page, browser, portal, users }) => {
  const user = await users.create();
  const other = await browser.newContext();
  const elsewhere = portal.on(await other.newPage());
  await elsewhere.signIn(user);
  await portal.signIn(user);
  await portal.account.open(user);
  await portal.account.changePassword(user.password, "another-long-passphrase");
  await expect(page.getByRole("status")).toContainText("Your password has been changed.");
  await elsewhere.page.goto("/settings/details");
  await expect(elsewhere.page).toHaveURL(/\/login/);
  await page.goto("/settings/details");
  await expect(page.getByRole("heading", { name: "My details" })).toBeVisible();
  await other.close();
});
