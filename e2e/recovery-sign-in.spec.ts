import { expect, test, type Page } from "@playwright/test";
import { emailsTo } from "./support/mailbox";
import { enrollAuthenticator, formAlert, openAccountSettings, saveMfaOption, signIn, signOut, submitPassword } from "./support/pages";
import { finishSavingRecoveryCodes, generateNewRecoveryCodes, recoveryCodesSection, shownRecoveryCodes } from "./support/recovery";
import { authenticatorCode, currentStep } from "./support/totp";
import { createUser, type TestUser } from "./support/users";

// A lost phone at sign-in: "Use a recovery code" on the OTP page.

/** The password, then a recovery code in place of the one-time password. */
async function signInWithRecoveryCode(page: Page, user: TestUser, code: string) {
  await submitPassword(page, user);
  await expect(page.getByRole("heading", { name: "Enter your one-time password" })).toBeVisible();
  await page.getByRole("button", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

/** A user with an authenticator and a saved set of recovery codes, signed out; the step its last code used. */
async function userWithRecoveryCodes(page: Page) {
  const user = createUser();
  await signIn(page, user);
  let step = 0;
  const secret = await enrollAuthenticator(page, user, (s) => {
    const now = Date.now();
    step = currentStep(now);
    return authenticatorCode(s, 0, now);
  });
  const codes = await shownRecoveryCodes(page);
  await finishSavingRecoveryCodes(page);
  await signOut(page, user.name);
  return { user, secret, codes, step };
}

test("a recovery code signs in once, the owner is emailed and the activity says so; the same code fails the second time", { tag: ["@promise:recovery-code-once"] }, async ({ page }) => {
  const { user, codes } = await userWithRecoveryCodes(page);

  // Typed as people type: lower case, a space instead of the hyphen.
  await signInWithRecoveryCode(page, user, codes[0]!.toLowerCase().replace("-", " "));
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await expect(page).toHaveURL("/");

  await expect
    .poll(async () => (await emailsTo(page.context(), user.email)).find((text) => text.includes("A recovery code was used to sign in")) ?? "")
    .toMatch(/A recovery code was used to sign in from .+ at .+\. 9 codes left\./);
  await openAccountSettings(page, user.name);
  await expect(recoveryCodesSection(page).getByText("9 of 10 recovery codes left.")).toBeVisible();
  const activity = page.getByRole("region", { name: "Recent security activity" });
  await expect(activity).toContainText("Signed in with a recovery code");
  await expect(activity).toContainText("A recovery code was used (9 left)");
  await signOut(page, user.name);

  // Used up: refused like a wrong code, on the record.
  await signInWithRecoveryCode(page, user, codes[0]!);
  await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  await expect(page).toHaveURL("/login/verify");
  // Not a recovery code at all: said so, and nothing counted.
  await page.getByLabel("Recovery code").fill("123456");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(formAlert(page)).toHaveText("A recovery code has 10 letters and digits, like ABCDE-FGH23.");
  // Another of the set still works on this same sign-in.
  await page.getByLabel("Recovery code").fill(codes[1]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await openAccountSettings(page, user.name);
  await expect(page.getByRole("region", { name: "Recent security activity" })).toContainText("Failed sign-in: wrong recovery code");
});

test("at 3 codes left a banner asks for new ones, at 0 to set up MFA again", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const { user, codes } = await userWithRecoveryCodes(page);
  // Each sign-in in a browser of its own, as on a borrowed computer.
  for (const code of codes.slice(0, 6)) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signInWithRecoveryCode(other, user, code);
    await expect(other.getByRole("button", { name: user.name })).toBeVisible();
    await expect(other.getByText(/recovery codes? left\. Generate new codes before you run out\./)).toHaveCount(0);
    await context.close();
  }
  await signInWithRecoveryCode(page, user, codes[6]!);
  const banner = page.getByRole("status").filter({ hasText: "Only 3 recovery codes left. Generate new codes before you run out." });
  await expect(banner).toBeVisible();
  await banner.getByRole("link", { name: "Generate new codes" }).click();
  await expect(page).toHaveURL("/settings/account#recovery-codes");
  await expect(recoveryCodesSection(page).getByText("3 of 10 recovery codes left.")).toBeVisible();
  await signOut(page, user.name);

  for (const code of codes.slice(7, 9)) {
    const context = await browser.newContext();
    const other = await context.newPage();
    await signInWithRecoveryCode(other, user, code);
    await expect(other.getByRole("button", { name: user.name })).toBeVisible();
    await context.close();
  }
  await signInWithRecoveryCode(page, user, codes[9]!);
  const none = page.getByRole("status").filter({ hasText: "You have used all your recovery codes." });
  await expect(none).toBeVisible();
  await expect(none.getByRole("link", { name: "Set up multi-factor authentication" })).toHaveAttribute("href", "/settings/account#mfa-heading");
});

test("signed in with a recovery code (the phone is gone), new codes need the password alone and void the old set at once", async ({ page }) => {
  const { user, codes } = await userWithRecoveryCodes(page);
  await signInWithRecoveryCode(page, user, codes[0]!);
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
  await openAccountSettings(page, user.name);
  const section = recoveryCodesSection(page);
  await expect(section.getByText("You signed in with a recovery code, so no current code is needed.")).toBeVisible();
  await expect(section.getByLabel("Current code")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Multi-factor Authentication" }).getByLabel("Current code")).toHaveCount(0);
  const fresh = await generateNewRecoveryCodes(page, user.password);
  await finishSavingRecoveryCodes(page);
  // A new phone: the authenticator is set up again with the password alone.
  const mfa = await saveMfaOption(page, "Authenticator", user.password);
  await expect(mfa.getByLabel("Setup key")).toBeVisible();
  await signOut(page, user.name);

  await signInWithRecoveryCode(page, user, codes[1]!);
  await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  await page.getByLabel("Recovery code").fill(fresh[0]!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
});
