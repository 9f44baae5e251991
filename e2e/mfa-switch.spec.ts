import { expect, test } from "./fixtures";

test("'Email me a code instead' switches the method to Email only once the emailed code is verified", { tag: ["@seed:email-instead-at-sign-in", "@seed:switch-to-email", "@seed:switch-back"] }, async ({ page, portal, users, totp, mailbox }) => {
  const user = await users.create({ mfa: "authenticator" });
  const secret = user.secret!;
  const masked = `${user.email[0]}•••@${user.email.split("@")[1]}`; // as the portal shows it: the first letter and the domain

  // Ask for an email, then walk away: nothing about the account changes.
  await portal.login.submit(user);
  await portal.otp.emailMeInstead();
  await expect(page.getByRole("status")).toContainText(`We emailed a code to ${masked}`);
  const abandoned = await mailbox.latestCode(user.email);
  await page.getByRole("link", { name: "Cancel and sign in again" }).click();
  await portal.login.submit(user);
  await expect(page.getByText("Open your authenticator app")).toBeVisible();
  await expect(page.getByRole("button", { name: "Email me a code instead" })).toBeVisible();
  // The code emailed for the abandoned attempt does not work here.
  if (![-1, 0, 1].some((o) => totp.at(secret, o) === abandoned)) {
    await portal.otp.submit(abandoned);
    await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  }

  // This time verify the emailed code: signed in, and the method is now Email.
  await portal.otp.emailMeInstead();
  await expect(page.getByText(`We emailed a code to ${masked}`).first()).toBeVisible();
  await portal.otp.submit(await mailbox.latestCode(user.email));
  await expect(page.getByRole("status")).toHaveText(
    "Your sign-in method is now Email. You can switch back to Authenticator in Account settings by scanning a new QR code.",
  );
  await portal.account.open(user);
  await portal.account.expectMethod("Email");
  await page.reload();
  await expect(page.getByText("Your sign-in method is now Email.")).toHaveCount(0);

  // The authenticator no longer signs in: an emailed code is asked for.
  await portal.signOut(user);
  await portal.login.submit(user);
  await expect(page.getByText(`We emailed a code to ${masked}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Email me a code instead" })).toHaveCount(0);

  // Back to Authenticator in Account settings (a code emailed for the change), with a new QR code.
  await portal.otp.submit(await mailbox.latestCode(user.email));
  await portal.account.open(user);
  await portal.account.mfa.getByRole("button", { name: "Email me a code" }).click();
  await portal.account.chooseMfa("Authenticator", user.password, await mailbox.latestCode(user.email));
  await expect(portal.account.mfa.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const newSecret = await portal.account.setupKey();
  expect(newSecret).not.toBe(secret);
  await portal.account.confirmAuthenticator(totp.now(newSecret));
  await portal.account.expectMethod("Authenticator");
  await portal.signOut(user);
  await portal.login.submit(user);
  await expect(page.getByText("Open your authenticator app")).toBeVisible();
  await portal.otp.submit(await totp.next(newSecret));
  await portal.expectSignedIn(user);
});
