// Runs every check and runner, then prints one line "N passed, N failed".
// Typecheck, lint, the E2E coverage map and build count as one check each; Vitest and Playwright
// contribute their test counts, read from their JSON reports.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

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
  const stats = readJson(PLAYWRIGHT_JSON)?.stats;
  if (stats) {
    passed += stats.expected + stats.flaky;
    failed += stats.unexpected;
    if (!e2eOk && stats.unexpected === 0) failed += 1;
  } else failed += 1;
}

// The benchmark in smoke mode: every flow answers correctly (no figures asserted).
if (built) check("bench smoke", "node", ["node_modules/tsx/dist/cli.mjs", "bench/run.ts", "--smoke", "--reuse-build"]);

if (built) {
  console.log("\nEnd-to-end reports:");
  console.log("  HTML (traces, screenshots and videos of failures): e2e/report/html/index.html  (npx playwright show-report e2e/report/html)");
  console.log("  JUnit: e2e/report/junit.xml");
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
