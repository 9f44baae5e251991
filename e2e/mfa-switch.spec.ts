import { expect, test } from "@playwright/test";
import { authenticatorCode } from "./support/totp";
import { codeFromEmail } from "./support/mailbox";
import { authenticatorUser, openAccountSettings, signOut, submitOtp, submitPassword } from "./support/pages";

test("'Email me a code instead' switches the method to Email only once the emailed code is verified", async ({ page, context }) => {
  const { user, secret } = await authenticatorUser(page);

  // Ask for an email, then walk away: nothing about the account changes.
  await submitPassword(page, user);
  await page.getByRole("button", { name: "Email me a code instead" }).click();
  await expect(page.getByRole("status")).toContainText(`We emailed a code to ${user.email[0]}•••@acme.test`);
  const abandoned = await codeFromEmail(context, user.email, 1);
  await page.getByRole("link", { name: "Cancel and sign in again" }).click();
  await submitPassword(page, user);
  await expect(page.getByText("Open your authenticator app")).toBeVisible();
  await expect(page.getByRole("button", { name: "Email me a code instead" })).toBeVisible();
  // The code emailed for the abandoned attempt does not work here.
  if (![-1, 0, 1].some((o) => authenticatorCode(secret, o) === abandoned)) {
    await submitOtp(page, abandoned);
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("That code didn't work. Check it and try again.");
  }

  // This time verify the emailed code: signed in, and the method is now Email.
  await page.getByRole("button", { name: "Email me a code instead" }).click();
  await expect(page.getByText(`We emailed a code to ${user.email[0]}•••@acme.test`).first()).toBeVisible();
  await submitOtp(page, await codeFromEmail(context, user.email, 2));
  await expect(page.getByRole("status")).toHaveText(
    "Your sign-in method is now Email. You can switch back to Authenticator in Account settings by scanning a new QR code.",
  );
  await openAccountSettings(page, user.name);
  await expect(page.getByText("Current method: Email.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Your sign-in method is now Email.")).toHaveCount(0);

  // The authenticator no longer signs in: an emailed code is asked for.
  await signOut(page, user.name);
  await submitPassword(page, user);
  await expect(page.getByText(`We emailed a code to ${user.email[0]}•••@acme.test.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Email me a code instead" })).toHaveCount(0);
});
