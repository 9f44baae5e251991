// Regenerates the README's screenshots against a running server:
//   node node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts &   (port 3200 plus E2E_PORT_OFFSET)
//   node node_modules/tsx/dist/cli.mjs scripts/screenshots.ts
import { existsSync } from "node:fs";
import { chromium, type Locator, type Page } from "@playwright/test";
import { E2E_ENV } from "../e2e/support/env";
import { authenticatorCode } from "../e2e/support/totp";
import { createCompany, createUser } from "../e2e/support/users";

const base = E2E_ENV.APP_URL;
const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

type User = ReturnType<typeof createUser>;

/** The password step; then the portal, or the OTP page when MFA is on. */
async function submitPassword(page: Page, user: User) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Account settings -> Authenticator -> Save; `beforeConfirm` sees the QR code and key; returns after the app's code confirmed it. */
async function turnOnAuthenticator(page: Page, user: User, beforeConfirm?: (section: Locator) => Promise<void>) {
  await page.goto(`${base}/settings/account`);
  const section = page.getByRole("region", { name: "Multi-factor Authentication" });
  await section.getByLabel("MFA option").selectOption({ label: "Authenticator" });
  await section.getByLabel("Current password").fill(user.password);
  await section.getByRole("button", { name: "Save" }).click();
  await section.getByLabel("Setup key").waitFor();
  await beforeConfirm?.(section);
  const secret = await section.getByLabel("Setup key").inputValue();
  await section.getByLabel("Authenticator code").fill(authenticatorCode(secret));
  await section.getByRole("button", { name: "Confirm" }).click();
  await section.getByText("Current method: Authenticator.").waitFor();
}

async function main() {
  const browser = await chromium.launch({ executablePath });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const user = createUser({ name: "Alex Example" });
  await submitPassword(page, user);
  await page.getByRole("button", { name: user.name }).waitFor();
  await turnOnAuthenticator(page, user, (section) => section.screenshot({ path: "docs/settings-mfa.png" }).then(() => undefined));
  await page.context().clearCookies();
  await submitPassword(page, user);
  await page.getByRole("heading", { name: "Enter your one-time password" }).waitFor();
  await page.setViewportSize({ width: 600, height: 560 });
  await page.screenshot({ path: "docs/verify-page.png" });

  // Company settings: an administrator of a company of a few staff, after requiring MFA with 14 days.
  const company = createCompany({ name: "Northwind Care" });
  const admin = createUser({ company: company.slug, role: "admin", name: "Morgan Admin" });
  for (const name of ["Bea Turner", "Chris Patel", "Dana Okafor", "Eli Novak"]) createUser({ company: company.slug, name });
  const adminPage = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  await submitPassword(adminPage, admin);
  await adminPage.getByRole("button", { name: admin.name }).waitFor();
  await turnOnAuthenticator(adminPage, admin);
  await adminPage.goto(`${base}/company/security`);
  await adminPage.getByLabel("On", { exact: true }).check();
  await adminPage.getByLabel("Days to set it up").fill("14");
  await adminPage.getByLabel("Authenticator app only").check();
  await adminPage.getByLabel("Current password").fill(admin.password);
  await adminPage.getByRole("button", { name: "Save", exact: true }).click();
  await adminPage.getByText("Sign-in security saved.").waitFor();
  await adminPage.getByRole("main").screenshot({ path: "docs/company-policy.png" });
  await adminPage.goto(`${base}/company/staff`);
  await adminPage.getByRole("table").waitFor();
  await adminPage.getByRole("main").screenshot({ path: "docs/company-staff.png" });
  await browser.close();
  console.log("Wrote docs/settings-mfa.png, docs/verify-page.png, docs/company-policy.png and docs/company-staff.png");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
