import { describe, expect, it } from "vitest";
import { chromiumExecutable, FULL_CHROMIUM, HEADLESS_SHELL, headedRun } from "../e2e/support/browser";

const installed = (...files: string[]) => (file: string) => files.includes(file);

describe("the browser the suite launches", () => {
  it("headless: Debian's headless shell when installed, else the full chromium, else Playwright's own", () => {
    expect(chromiumExecutable(false, {}, installed(HEADLESS_SHELL, FULL_CHROMIUM))).toBe(HEADLESS_SHELL);
    expect(chromiumExecutable(false, {}, installed(FULL_CHROMIUM))).toBe(FULL_CHROMIUM);
    expect(chromiumExecutable(false, {}, installed())).toBeUndefined();
  });

  it("headed: the full chromium, never the headless shell (it cannot show a window)", () => {
    expect(chromiumExecutable(true, {}, installed(HEADLESS_SHELL, FULL_CHROMIUM))).toBe(FULL_CHROMIUM);
    expect(chromiumExecutable(true, {}, installed(HEADLESS_SHELL))).toBeUndefined();
  });

  it("PLAYWRIGHT_CHROMIUM_EXECUTABLE wins, headed or not, when it exists", () => {
    const env = { PLAYWRIGHT_CHROMIUM_EXECUTABLE: "/opt/chrome/chrome" };
    const all = installed(HEADLESS_SHELL, FULL_CHROMIUM, "/opt/chrome/chrome");
    expect(chromiumExecutable(false, env, all)).toBe("/opt/chrome/chrome");
    expect(chromiumExecutable(true, env, all)).toBe("/opt/chrome/chrome");
    expect(chromiumExecutable(false, env, installed(HEADLESS_SHELL))).toBeUndefined();
  });

  it("--headed, --debug and --ui on the runner's command line reach its workers through E2E_HEADED; PWDEBUG counts too", () => {
    for (const flag of ["--headed", "--debug", "--ui"]) {
      const runner: Record<string, string | undefined> = {};
      expect(headedRun(["node", "playwright", "test", flag], runner)).toBe(true);
      // A worker loads the config without the runner's arguments, with its environment.
      expect(headedRun(["node", "worker"], { ...runner, TEST_WORKER_INDEX: "0" })).toBe(true);
    }
    const headless: Record<string, string | undefined> = {};
    expect(headedRun(["node", "playwright", "test", "e2e/sign-in.spec.ts"], headless)).toBe(false);
    expect(headedRun(["node", "worker"], { ...headless, TEST_WORKER_INDEX: "0" })).toBe(false);
    expect(headedRun(["node", "playwright", "test"], { PWDEBUG: "1" })).toBe(true);
  });
});
