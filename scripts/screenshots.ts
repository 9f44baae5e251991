// Regenerates the README's screenshots against a running server:
//   node node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts &   (port 3200)
//   node node_modules/tsx/dist/cli.mjs scripts/screenshots.ts
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";
import { authenticatorCode } from "../e2e/support/totp";
import { createUser } from "../e2e/support/users";

const base = "http://localhost:3200";
const executablePath = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;

async function main() {
  const browser = await chromium.launch({ executablePath });
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const user = createUser({ name: "Alex Example" });
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: user.name }).waitFor();
  await page.goto(`${base}/settings/account`);
  const section = page.getByRole("region", { name: "Multi-factor Authentication" });
  await section.getByLabel("MFA option").selectOption({ label: "Authenticator" });
  await section.getByLabel("Current password").fill(user.password);
  await section.getByRole("button", { name: "Save" }).click();
  await section.getByLabel("Setup key").waitFor();
  await section.screenshot({ path: "docs/settings-mfa.png" });
  const secret = await section.getByLabel("Setup key").inputValue();
  await section.getByLabel("Authenticator code").fill(authenticatorCode(secret));
  await section.getByRole("button", { name: "Confirm" }).click();
  await section.getByText("Current method: Authenticator.").waitFor();
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Enter your one-time password" }).waitFor();
  await page.setViewportSize({ width: 600, height: 560 });
  await page.screenshot({ path: "docs/verify-page.png" });
  await browser.close();
  console.log("Wrote docs/settings-mfa.png and docs/verify-page.png");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
