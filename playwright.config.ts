import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E_ENV, IDP2_ENV, IDP2_URL, IDP_ENV, IDP_URL, SECONDARY_URL } from "./e2e/support/env";

const systemChromium = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium) ? { executablePath: systemChromium } : {};

/** A local identity provider (scripts/idp.ts), up once it answers discovery. */
function identityProvider(env: Record<string, string>, issuer: string) {
  return {
    command: "node node_modules/tsx/dist/cli.mjs scripts/idp.ts",
    url: `${issuer}/.well-known/openid-configuration`,
    env,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: E2E_ENV.APP_URL,
    trace: "retain-on-failure",
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions } }],
  webServer: [
    // The identity providers of the two SSO companies of the seed.
    identityProvider(IDP_ENV, IDP_URL),
    identityProvider(IDP2_ENV, IDP2_URL),
    {
      command: "node node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts",
      url: `${E2E_ENV.APP_URL}/login`,
      timeout: 120_000,
      // SIGTERM, so that it stops its PostgreSQL cleanly (and deletes its data).
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "node node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts --secondary",
      url: `${SECONDARY_URL}/login`,
      timeout: 120_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
