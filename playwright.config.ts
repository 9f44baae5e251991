import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable, headedRun } from "./e2e/support/browser";
import { BASE_URL, E2E_ENV, IDP2_ENV, IDP2_URL, IDP_ENV, IDP_URL, isRemote, SECONDARY_URL } from "./e2e/support/env";
import { canRecordVideo } from "./e2e/support/video";

// Debian's chromium-headless-shell for headless runs, its full chromium for
// --headed, --debug, --ui and PWDEBUG (e2e/support/browser.ts).
const systemChromium = chromiumExecutable(headedRun(process.argv, process.env), process.env);
const useSystemChromium = systemChromium !== undefined;
const launchOptions = systemChromium ? { executablePath: systemChromium } : {};
const video = canRecordVideo(__dirname, useSystemChromium);
if (!video && !process.env.TEST_WORKER_INDEX) {
  console.warn("No ffmpeg for Playwright's videos: failures keep their trace and screenshot only (apt-get install ffmpeg, or npx playwright install ffmpeg).");
}

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

/**
 * Where the reports go: e2e/report/, or e2e/report/remote/ against a
 * deployment, so that a remote run (npm test runs one against the demo) never
 * overwrites the local run's.
 */
const REPORT_DIR = isRemote ? "e2e/report/remote" : "e2e/report";

/** The suite's own servers; none against a deployment (E2E_BASE_URL). */
const localServers = [
  // The identity providers of the two SSO companies of the seed.
  identityProvider(IDP_ENV, IDP_URL),
  identityProvider(IDP2_ENV, IDP2_URL),
  {
    command: "node node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts",
    url: `${E2E_ENV.APP_URL}/login`,
    timeout: 120_000,
    // SIGTERM, so that it stops its portal (whose job queue stops first: up to
    // 15 s), then its PostgreSQL cleanly (and deletes its data).
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 25_000 },
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  },
  {
    command: "node node_modules/tsx/dist/cli.mjs scripts/e2e-server.ts --secondary",
    url: `${SECONDARY_URL}/login`,
    timeout: 120_000,
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 25_000 },
    reuseExistingServer: false,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
  },
];

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  // Reports people read (e2e/README.md): the HTML report with each failure's
  // trace, screenshot and video, JUnit for CI systems, and JSON for the
  // totals of `npm test` (scripts/test-all.mjs).
  reporter: [
    ["list"],
    ["html", { outputFolder: `${REPORT_DIR}/html`, open: "never" }],
    ["junit", { outputFile: `${REPORT_DIR}/junit.xml` }],
    ["json", { outputFile: `${REPORT_DIR}/results.json` }],
  ],
  outputDir: `${REPORT_DIR}/artifacts`,
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    video: video ? "retain-on-failure" : "off",
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions } }],
  webServer: isRemote ? [] : localServers,
});
