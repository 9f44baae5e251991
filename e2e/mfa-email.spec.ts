import { expect, test } from "./fixtures";

test("turn on email codes with the emailed code, then sign in with one", { tag: ["@seed:otp-after-password", "@seed:two-methods", "@seed:mfa-option-save", "@seed:choose-email", "@promise:otp-paste-formats"] }, async ({ page, portal, users, mailbox }) => {
  const user = await users.create();
  await portal.signIn(user);
  await portal.account.open(user);
  await portal.account.chooseMfa("Email", user.password);
  const masked = `${user.email[0]}•••@${user.email.split("@")[1]}`; // as the portal shows it: the first letter and the domain
  await expect(portal.account.mfa.getByText(`We emailed a code to ${masked}.`)).toBeVisible();
  await portal.account.expectMethod("None");

  await portal.account.confirmEmail(await mailbox.latestCode(user.email));
  await portal.account.expectMethod("Email");
  expect((await mailbox.waitFor(user.email, "Security notice")).text).toContain("email codes is now on");

  await portal.signOut(user);
  await portal.login.submit(user, "/login?callbackUrl=%2Fsettings%2Faccount");
  await expect(page.getByText(`We emailed a code to ${masked}.`)).toBeVisible();
  const signInCode = await mailbox.latestCode(user.email);
  await portal.otp.submit(`${signInCode.slice(0, 3)}-${signInCode.slice(3)}`);
  await expect(page).toHaveURL("/settings/account");
  await portal.account.expectMethod("Email");
});

test("a wrong email code is refused; a resent code voids the previous one after a 30-second cooldown", { tag: ["@promise:resend-cooldown"] }, async ({ page, portal, users, mailbox }) => {
  const user = await users.create({ mfa: "email" });

  await portal.login.submit(user);
  const first = await mailbox.latestCode(user.email);
  await portal.otp.submit(first === "000000" ? "111111" : "000000");
  await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");

  await expect(portal.otp.resend).toBeDisabled();
  await expect(page.getByText(/You can ask for a new code in \d+ seconds\./)).toBeVisible();
  await expect(portal.otp.resend).toBeEnabled({ timeout: 40_000 });
  await portal.otp.resend.click();
  await expect(page.getByRole("status")).toContainText("We sent a new code to");
  const second = await mailbox.latestCode(user.email);

  if (first !== second) {
    await portal.otp.submit(first);
    await expect(portal.alert).toHaveText("That code didn't work. Check it and try again.");
  }
  await portal.otp.submit(second);
  await portal.expectSignedIn(user);
});

test("with email codes on, turning MFA off needs a code emailed for the purpose, not only the password", { tag: ["@promise:change-needs-current-code"] }, async ({ portal, users, mailbox }) => {
  const user = await users.create({ mfa: "email" });
  await portal.login.submit(user);
  await portal.otp.submit(await mailbox.latestCode(user.email));
  await portal.account.open(user);

  await portal.account.chooseMfa("None", user.password);
  await expect(portal.alert).toHaveText("Enter a current code from your present method to change multi-factor authentication.");
  await portal.account.expectMethod("Email");

  await portal.account.mfa.getByRole("button", { name: "Email me a code" }).click();
  await expect(portal.account.mfa.getByText(/^We emailed a code to .+\. Enter it below with your password\.$/)).toBeVisible();
  const stepUp = await mailbox.latestCode(user.email);
  await portal.account.chooseMfa("None", user.password, stepUp);
  await expect(portal.account.mfa.getByText("Multi-factor authentication is now off.")).toBeVisible();
  await portal.account.expectMethod("None");
});
