import { existsSync } from "node:fs";

/** Debian's browsers (apt-get install chromium chromium-headless-shell). */
export const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
export const FULL_CHROMIUM = "/usr/bin/chromium";

/** The environment, or a test's stand-in for it. */
type Env = Record<string, string | undefined>;

/** Playwright's options that show the browser; only the runner sees them on its command line. */
const HEADED_ARGS = ["--headed", "--debug", "--ui"];

/**
 * Whether this run shows the browser. The runner reads its arguments and
 * leaves the answer in E2E_HEADED, which the workers it starts inherit: they
 * load playwright.config.ts without the runner's arguments. PWDEBUG counts too.
 */
export function headedRun(argv: string[], env: Env): boolean {
  if (!env.TEST_WORKER_INDEX && argv.some((arg) => HEADED_ARGS.includes(arg))) env.E2E_HEADED = "1";
  return env.E2E_HEADED === "1" || !!env.PWDEBUG;
}

/**
 * The Chromium to launch: PLAYWRIGHT_CHROMIUM_EXECUTABLE when set; else, for
 * a headless run, Debian's chromium-headless-shell when it is installed (the
 * headless mode Playwright's own downloads use; on 2 cores it needs less CPU
 * than the full browser's new headless mode: e2e/README.md, "Speed"); else
 * Debian's full chromium, which headed runs need. Undefined when that is not
 * installed either: Playwright then launches its own download.
 */
export function chromiumExecutable(headed: boolean, env: Env, exists: (file: string) => boolean = existsSync): string | undefined {
  const chosen = env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? (!headed && exists(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_CHROMIUM);
  return exists(chosen) ? chosen : undefined;
}
