import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { createUser, type TestUser } from "./support/users";
import { codeFromEmail, emailsTo } from "./support/mailbox";
import { formAlert, openAccountSettings, saveMfaOption, signIn, signOut, submitOtp, submitPassword } from "./support/pages";

test("turn on email codes with the emailed code, then sign in with one", async ({ page, context }) => {
  const user = createUser();
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const section = await saveMfaOption(page, "Email", user.password);
  const masked = `${user.email[0]}•••@acme.test`;
  await expect(section.getByText(`We emailed a code to ${masked}.`)).toBeVisible();
  await expect(section.getByText("Current method: None.")).toBeVisible();

  const enrollCode = await codeFromEmail(context, user.email, 1);
  await section.getByLabel("Email code").fill(enrollCode);
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByText("Current method: Email.")).toBeVisible();
  await expect.poll(async () => (await emailsTo(context, user.email)).some((t) => t.includes("email codes is now on"))).toBe(true);

  await signOut(page, user.name);
  await submitPassword(page, user, "/login?callbackUrl=%2Fsettings%2Faccount");
  await expect(page.getByText(`We emailed a code to ${masked}.`)).toBeVisible();
  const signInCode = await codeFromEmail(context, user.email, 2);
  await submitOtp(page, `${signInCode.slice(0, 3)}-${signInCode.slice(3)}`);
  await expect(page).toHaveURL("/settings/account");
  await expect(page.getByText("Current method: Email.")).toBeVisible();
});

/** Signs a new user in and turns on email codes from Account settings, as they would. */
async function emailCodesUser(page: Page, context: BrowserContext, user: TestUser) {
  await signIn(page, user);
  await openAccountSettings(page, user.name);
  const section = await saveMfaOption(page, "Email", user.password);
  await section.getByLabel("Email code").fill(await codeFromEmail(context, user.email, 1));
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByText("Current method: Email.")).toBeVisible();
  return section;
}

test("a wrong email code is refused; a resent code voids the previous one after a 30-second cooldown", async ({ page, context }) => {
  const user = createUser();
  await emailCodesUser(page, context, user);
  await signOut(page, user.name);

  await submitPassword(page, user);
  const first = await codeFromEmail(context, user.email, 2);
  await submitOtp(page, first === "000000" ? "111111" : "000000");
  await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");

  const resend = page.getByRole("button", { name: "Resend code" });
  await expect(resend).toBeDisabled();
  await expect(page.getByText(/You can ask for a new code in \d+ seconds\./)).toBeVisible();
  await expect(resend).toBeEnabled({ timeout: 40_000 });
  await resend.click();
  await expect(page.getByRole("status")).toContainText("We sent a new code to");
  const second = await codeFromEmail(context, user.email, 3);

  if (first !== second) {
    await submitOtp(page, first);
    await expect(formAlert(page)).toHaveText("That code didn't work. Check it and try again.");
  }
  await submitOtp(page, second);
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
});

test("with email codes on, turning MFA off needs a code emailed for the purpose, not only the password", async ({ page, context }) => {
  const user = createUser();
  const section = await emailCodesUser(page, context, user);

  await saveMfaOption(page, "None", user.password);
  await expect(formAlert(page)).toHaveText("Enter a current code from your present method to change multi-factor authentication.");
  await expect(section.getByText("Current method: Email.")).toBeVisible();

  await section.getByRole("button", { name: "Email me a code" }).click();
  await expect(section.getByText(/^We emailed a code to .+\. Enter it below with your password\.$/)).toBeVisible();
  const stepUp = await codeFromEmail(context, user.email, 2);
  await saveMfaOption(page, "None", user.password, stepUp);
  await expect(section.getByText("Multi-factor authentication is now off.")).toBeVisible();
  await expect(section.getByText("Current method: None.")).toBeVisible();
});
