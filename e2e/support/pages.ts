import type { TestUser } from "./users";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { authenticatorCode } from "./totp";

/**
 * Fills the password step and sends it with Enter from the email field, as a
 * password manager that fills both fields does. Leaving the email field
 * would ask the email-first look-up ("does this email sign in with SSO?"),
 * which the portal allows 60 times per client address in 15 minutes: against
 * a deployment every test comes from one address, and the suite's own
 * sign-ins must not spend the look-ups that the email-first tests check.
 * (The password step routes an SSO company's user to their button either way.)
 */
export async function submitPassword(page: Page, user: Pick<TestUser, "email" | "password">, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Password").fill(user.password);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Email").press("Enter");
}

/** Signs in a user without MFA and waits for the portal. */
export async function signIn(page: Page, user: TestUser, path = "/login") {
  await submitPassword(page, user, path);
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
}

export async function openAccountSettings(page: Page, name: string) {
  await page.getByRole("button", { name }).click();
  await page.getByRole("menuitem", { name: "My details / settings" }).click();
  await page.getByRole("link", { name: "Account settings" }).click();
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
}

export async function signOut(page: Page, name: string) {
  await page.getByRole("button", { name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

/** The form's own alert (Next's route announcer also has role alert). */
export function formAlert(page: Page) {
  return page.getByRole("main").getByRole("alert");
}

/**
 * Chooses a method in the MFA section and saves it with the current password
 * (and, while MFA is on, a current code of the present method).
 */
export async function saveMfaOption(page: Page, option: "None" | "Authenticator" | "Email", password: string, currentCode?: string) {
  const section = page.getByRole("region", { name: "Multi-factor Authentication" });
  await section.getByLabel("MFA option").selectOption({ label: option });
  await section.getByLabel("Current password").fill(password);
  if (currentCode !== undefined) await section.getByLabel("Current code").fill(currentCode);
  await section.getByRole("button", { name: "Save" }).click();
  return section;
}

/**
 * Turns on Authenticator from Account settings and returns the setup key shown.
 * `code` plays the app (the current step's code unless a test wants to see it).
 */
export async function enrollAuthenticator(
  page: Page,
  user: TestUser,
  code: (secret: string) => string = (secret) => authenticatorCode(secret),
): Promise<string> {
  await openAccountSettings(page, user.name);
  const section = await saveMfaOption(page, "Authenticator", user.password);
  const secret = await section.getByLabel("Setup key").inputValue();
  await section.getByLabel("Authenticator code").fill(code(secret));
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByText("Current method: Authenticator.")).toBeVisible();
  return secret;
}

/** The OTP page's field and button. */
export async function submitOtp(page: Page, code: string) {
  await expect(page.getByRole("heading", { name: "Enter your one-time password" })).toBeVisible();
  await page.getByLabel("One-time password").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

/**
 * No active session in this browser: a portal page opened in a new tab goes
 * to sign-in. (A stale cookie of a revoked session may remain; it opens nothing.)
 */
export async function expectNoSession(context: BrowserContext) {
  const tab = await context.newPage();
  await tab.goto("/settings/details");
  await expect(tab.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await tab.close();
}
