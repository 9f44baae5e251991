import { expect, test, type CreatedUser, type Portal, type Users } from "./fixtures";

// A lost phone at sign-in: "Use a recovery code" on the OTP page.

/** The password, then a recovery code in place of the one-time password. */
async function signInWithRecoveryCode(portal: Portal, user: CreatedUser, code: string) {
  await portal.login.submit(user);
  await portal.otp.submitRecoveryCode(code);
}

/** A user with an authenticator and the set of recovery codes shown when they turned it on (users.create). */
async function userWithRecoveryCodes(users: Users) {
  const user = await users.create({ mfa: "authenticator" });
  return { user, codes: user.recoveryCodes! };
}

test("a recovery code signs in once, the owner is emailed and the activity says so; the same code fails the second time", { tag: ["@promise:recovery-code-once"] }, async ({ page, portal, users, mailbox }) => {
  const { user, codes } = await userWithRecoveryCodes(users);

  // Typed as people type: lower case, a space instead of the hyphen.
  await signInWithRecoveryCode(portal, user, codes[0]!.toLowerCase().replace("-", " "));
  await portal.expectSignedIn(user);
  await expect(page).toHaveURL("/");

  await expect
    .poll(async () => (await mailbox.emails(user.email)).find((m) => m.text.includes("A recovery code was used to sign in"))?.text ?? "")
    .toMatch(/A recovery code was used to sign in from .+ at .+\. 9 codes left\./);
  await portal.account.open(user);
  await portal.recoveryCodes.expectLeft(9);
  await expect(portal.account.activity).toContainText("Signed in with a recovery code");
  await expect(portal.account.activity).toContainText("A recovery code was used (9 left)");
  await portal.signOut(user);

  // Used up: refused like a wrong code, on the record.
  await signInWithRecoveryCode(portal, user, codes[0]!);
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  await expect(page).toHaveURL("/login/verify");
  // Not a recovery code at all: said so, and nothing counted.
  await page.getByLabel("Recovery code").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(portal.alert).toHaveText("A recovery code has 10 letters and digits, like ABCDE-FGH23.");
  // Another of the set still works on this same sign-in.
  await page.getByLabel("Recovery code").fill(codes[1]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await portal.expectSignedIn(user);
  await portal.account.open(user);
  await expect(portal.account.activity).toContainText("Failed sign-in: wrong recovery code");
});

test("at 3 codes left a banner asks for new ones, at 0 to set up MFA again", async ({ page, browser, portal, users }) => {
  test.setTimeout(120_000);
  const { user, codes } = await userWithRecoveryCodes(users);
  // Each sign-in in a browser of its own, as on a borrowed computer.
  for (const code of codes.slice(0, 6)) {
    const context = await browser.newContext();
    const other = portal.on(await context.newPage());
    await signInWithRecoveryCode(other, user, code);
    await other.expectSignedIn(user);
    await expect(other.page.getByText(/recovery codes? left\. Generate new codes before you run out\./)).toHaveCount(0);
    await context.close();
  }
  await signInWithRecoveryCode(portal, user, codes[6]!);
  const banner = page.getByRole("status").filter({ hasText: "Only 3 recovery codes left. Generate new codes before you run out." });
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "Generate new codes" }).click();
  await expect(page).toHaveURL("/settings/account#recovery-codes");
  await portal.recoveryCodes.expectLeft(3);
  await portal.signOut(user);

  for (const code of codes.slice(7, 9)) {
    const context = await browser.newContext();
    const other = portal.on(await context.newPage());
    await signInWithRecoveryCode(other, user, code);
    await other.expectSignedIn(user);
    await context.close();
  }
  await signInWithRecoveryCode(portal, user, codes[9]!);
  const none = page.getByRole("status").filter({ hasText: "You have used all your recovery codes." });
  await expect(none).toBeVisible();
  await expect(none.getByRole("link", { name: "Set up multi-factor authentication" })).toHaveAttribute("href", "/settings/account#mfa-heading");
});

test("signed in with a recovery code (the phone is gone), new codes need the password alone and void the old set at once", async ({ page, portal, users }) => {
  const { user, codes } = await userWithRecoveryCodes(users);
  await signInWithRecoveryCode(portal, user, codes[0]!);
  await portal.expectSignedIn(user);
  await portal.account.open(user);
  const section = portal.recoveryCodes.section;
  await expect(section.getByText("You signed in with a recovery code, so no current code is needed.")).toBeVisible();
  await expect(section.getByLabel("Current code")).toHaveCount(0);
  await expect(portal.account.mfa.getByLabel("Current code")).toHaveCount(0);
  const fresh = await portal.recoveryCodes.generateNew(user.password);
  await portal.recoveryCodes.saved();
  // A new phone: the authenticator is set up again with the password alone.
  await portal.account.chooseMfa("Authenticator", user.password);
  await expect(portal.account.mfa.getByLabel("Setup key")).toBeVisible();
  await portal.signOut(user);

  await signInWithRecoveryCode(portal, user, codes[1]!);
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  await page.getByLabel("Recovery code").fill(fresh[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await portal.expectSignedIn(user);
});
