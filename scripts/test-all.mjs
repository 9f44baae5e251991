// Runs every check and runner, then prints one line "N passed, N failed".
// Typecheck, lint, the E2E coverage map and build count as one check each; Vitest and Playwright
// contribute their test counts, read from their JSON reports. Last, the suite runs in remote mode
// against `npm run demo` (the "deployment" of e2e/README.md); `--remote-only` runs that stage alone,
// and arguments after `--` go to its `playwright test` (`--remote-only -- e2e/a11y.spec.ts --workers=1`).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const reports = "test-results/reports";
/** Written by the JSON reporter of playwright.config.ts. */
const PLAYWRIGHT_JSON = "e2e/report/results.json";
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;

function run(label, command, args, env = {}) {
  console.log(`\n── ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) passed += 1;
  else {
    failed += 1;
    console.log(`✗ ${label} failed`);
  }
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
  } catch {
    return null;
  }
}

// With --remote-only the demo reuses the build in .next (or builds, when there is none or it is out of date).
const built = process.argv.includes("--remote-only") || everyLocalCheck();
if (built) await remoteAgainstDemo();

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** The typecheck, lint, coverage map, unit tests, build, the suite on its own servers and the bench smoke; true when the build succeeded. */
function everyLocalCheck() {
  check("typecheck", "node", ["node_modules/typescript/bin/tsc", "--noEmit"]);
  check("lint", "node", ["node_modules/eslint/bin/eslint.js", ".", "--max-warnings=0"]);
  // Every statement of docs/mfa-help.md and e2e/promises.md has a spec that proves it (e2e/COVERAGE.md).
  check("e2e coverage", "node", ["node_modules/tsx/dist/cli.mjs", "scripts/e2e-coverage.ts"]);

  const vitestReport = `${reports}/vitest.json`;
  const vitestOk = run("unit tests", "node", [
    "node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`,
  ]);
  const vitest = readJson(vitestReport);
  if (vitest) {
    passed += vitest.numPassedTests;
    failed += vitest.numFailedTests;
    if (!vitestOk && vitest.numFailedTests === 0) failed += 1;
  } else failed += 1;

  const built = run("build", "node", ["node_modules/next/dist/bin/next", "build"]);
  if (built) passed += 1;
  else failed += 1;

  if (built) {
    // The reporters are playwright.config.ts's: list on the console, the HTML
    // report, JUnit, and the JSON whose totals are read here.
    rmSync(PLAYWRIGHT_JSON, { force: true });
    const e2eOk = run("end-to-end tests", "node", ["node_modules/@playwright/test/cli.js", "test"]);
    countPlaywright(PLAYWRIGHT_JSON, e2eOk);
  }

  // The benchmark in smoke mode: every flow answers correctly (no figures asserted).
  if (built) check("bench smoke", "node", ["node_modules/tsx/dist/cli.mjs", "bench/run.ts", "--smoke", "--reuse-build"]);

  if (built) {
    console.log("\nEnd-to-end reports:");
    console.log("  HTML (traces, screenshots and videos of failures): e2e/report/html/index.html  (npx playwright show-report e2e/report/html)");
    console.log("  JUnit: e2e/report/junit.xml");
  }
  return built;
}

/** Adds a Playwright run's totals (its JSON report) to the final line. */
function countPlaywright(file, ok) {
  const stats = readJson(file)?.stats;
  if (stats) {
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    if (!ok && stats.unexpected === 0) failed += 1;
  } else failed += 1;
}

/**
 * The suite in remote mode against `npm run demo`, as a QA team runs it against
 * a deployment (e2e/README.md): the demo on ports of its own (3400, its
 * identity providers on 4400 and 4401, its PostgreSQL on 54379, each moved by
 * E2E_PORT_OFFSET like the suite's), with a fresh database in .data/remote-demo, a throwaway
 * directory, sending its emails through "Resend" (scripts/fake-resend.ts on
 * 4500); `playwright test` with E2E_BASE_URL, E2E_DATABASE_URL and
 * E2E_RESEND_API_KEY/E2E_RESEND_BASE_URL, so that emails are read back from
 * Resend's API (the @local tests skip themselves); then the demo is stopped with SIGTERM, as
 * Ctrl-C would, whatever the tests did, and must leave no process behind.
 * Reports in e2e/report/remote/ (playwright.config.ts), the demo's output in
 * e2e/report/remote/demo.log.
 */
async function remoteAgainstDemo() {
  const offset = Number(process.env.E2E_PORT_OFFSET || 0);
  const port = (base) => String(base + offset);
  const portal = `http://localhost:${port(3400)}`;
  const issuers = [`http://127.0.0.1:${port(4400)}`, `http://127.0.0.1:${port(4401)}`];
  // Not under e2e/.data, which the local suite's server empties when it starts.
  const dataDir = ".data/remote-demo/postgres";
  const password = randomBytes(18).toString("base64url");
  const databaseUrl = `postgresql://postgres:${password}@127.0.0.1:${port(54379)}/staff_portal`;
  const reportDir = "e2e/report/remote";
  // The demo sends through "Resend" (scripts/fake-resend.ts on loopback) and the suite reads the emails back from it, as against a deployment that sends through Resend.
  const resendUrl = `http://127.0.0.1:${port(4500)}`;
  const resendKey = `re_demo_${randomBytes(12).toString("hex")}`;
  const removeData = () => {
    // As root in a checkout PostgreSQL cannot reach, the data directory is a link into the temp directory.
    if (existsSync(dataDir)) rmSync(realpathSync(dataDir), { recursive: true, force: true });
    rmSync(".data/remote-demo", { recursive: true, force: true });
  };
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  removeData();

  console.log(`\n── end-to-end tests against npm run demo: ${portal} (its output in ${reportDir}/demo.log)`);
  const log = openSync(`${reportDir}/demo.log`, "w");
  // 10 requests a second rather than Resend's default 2: the demo's sending and two workers' reading share it.
  // The key in its environment, not on its command line.
  const fakeResend = spawn("node", ["node_modules/tsx/dist/cli.mjs", "scripts/fake-resend.ts", "--port", port(4500), "--per-second", "10"], {
    stdio: ["ignore", log, log],
    env: { ...process.env, FAKE_RESEND_API_KEY: resendKey },
  });
  let fakeExit = null;
  const fakeExited = new Promise((resolve) => fakeResend.on("exit", (code, signal) => resolve((fakeExit = { code, signal }))));
  // Its own process group, so that whatever it leaves behind can be found (and ended) afterwards.
  const demo = spawn("node", ["node_modules/tsx/dist/cli.mjs", "scripts/demo.ts", "--reuse-build"], {
    detached: true,
    stdio: ["ignore", log, log],
    env: {
      ...process.env,
      PORT: port(3400),
      APP_URL: portal,
      PGPORT: port(54379),
      EMBEDDED_POSTGRES_DATA: dataDir,
      EMBEDDED_POSTGRES_PASSWORD: password,
      SSO_ISSUER: issuers[0],
      SSO_INITECH_ISSUER: issuers[1],
      // Its own embedded PostgreSQL, even where .env names another database.
      DATABASE_URL: "",
      EMAIL_TRANSPORT: "resend",
      RESEND_API_KEY: resendKey,
      RESEND_BASE_URL: resendUrl,
    },
  });
  closeSync(log);
  let demoExit = null;
  const demoExited = new Promise((resolve) => demo.on("exit", (code, signal) => resolve((demoExit = { code, signal }))));
  // Ctrl-C reaches this process and Playwright, not the demo's own group: stop it too (then finish as usual).
  const interrupted = () => {
    if (demoExit === null) demo.kill("SIGTERM");
    fakeResend.kill("SIGTERM");
  };
  process.on("SIGINT", interrupted);
  process.on("SIGTERM", interrupted);

  const started = Date.now();
  // The stand-in answers with this run's key (an old one left on the port would refuse it).
  const resendReady = { url: `${resendUrl}/emails?limit=1`, headers: { authorization: `Bearer ${resendKey}` } };
  const urls = [resendReady, `${portal}/login`, ...issuers.map((i) => `${i}/.well-known/openid-configuration`)];
  let ready = false;
  try {
    ready = await waitUntilAnswering(urls, () => demoExit !== null || fakeExit !== null, 600_000);
  } catch (error) {
    console.log(`✗ waiting for the demo failed: ${error.message}`);
  }
  if (ready) {
    console.log(`The demo answered after ${Math.round((Date.now() - started) / 1000)} s.`);
    const json = `${reportDir}/results.json`;
    const dashes = process.argv.indexOf("--");
    const extra = dashes === -1 ? [] : process.argv.slice(dashes + 1);
    const ok = run("end-to-end tests (remote: the demo)", "node", ["node_modules/@playwright/test/cli.js", "test", ...extra], {
      E2E_BASE_URL: portal,
      E2E_DATABASE_URL: databaseUrl,
      E2E_RESEND_API_KEY: resendKey,
      E2E_RESEND_BASE_URL: resendUrl,
    });
    countPlaywright(json, ok);
  } else {
    failed += 1;
    console.log(
      fakeExit
        ? `✗ the Resend stand-in exited before it answered (${JSON.stringify(fakeExit)}): see ${reportDir}/demo.log`
        : demoExit
          ? `✗ the demo exited before it answered (${JSON.stringify(demoExit)}): see ${reportDir}/demo.log`
          : `✗ the demo did not answer within 10 minutes: see ${reportDir}/demo.log`,
    );
  }

  // Stopped as Ctrl-C stops it: the demo ends its portal and identity providers, then its PostgreSQL.
  if (demoExit === null) demo.kill("SIGTERM");
  await Promise.race([demoExited, sleep(60_000)]);
  const left = await processesLeft(demo.pid, 20_000);
  if (demoExit !== null && !left) {
    passed += 1;
    console.log("The demo stopped on SIGTERM and left no process behind.");
  } else {
    failed += 1;
    console.log(`✗ the demo ${demoExit === null ? "did not exit within a minute of SIGTERM" : "left processes behind"}: ending its process group.`);
    try {
      process.kill(-demo.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    await processesLeft(demo.pid, 10_000);
  }
  if (fakeExit === null) fakeResend.kill("SIGTERM");
  await Promise.race([fakeExited, sleep(10_000)]);
  if (fakeExit === null) {
    failed += 1;
    console.log("✗ the Resend stand-in did not exit within 10 s of SIGTERM: killed.");
    fakeResend.kill("SIGKILL");
  }
  removeData();

  console.log("\nRemote-mode reports (against the demo):");
  console.log(`  HTML: ${reportDir}/html/index.html  (npx playwright show-report ${reportDir}/html)`);
  console.log(`  JUnit: ${reportDir}/junit.xml`);
}

/** Polls each URL (or `{ url, headers }`) until it answers 200; false when `gaveUp()` says so or the time runs out. */
async function waitUntilAnswering(urls, gaveUp, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (const target of urls) {
    const { url, headers } = typeof target === "string" ? { url: target, headers: {} } : target;
    for (;;) {
      if (gaveUp() || Date.now() > deadline) return false;
      try {
        const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
        if (response.ok) break;
      } catch {
        // Not listening yet.
      }
      await sleep(1_000);
    }
  }
  return true;
}

/** Whether any process of the group `pgid` is still alive after waiting up to `waitMs` for the group to empty. */
async function processesLeft(pgid, waitMs) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return false;
    }
    if (Date.now() > deadline) return true;
    await sleep(250);
  }
}
