// npm run e2e:soak -- [N] [playwright test arguments]: runs the end-to-end
// suite N times in a row (default 20), each a whole `playwright test` run
// with fresh servers and a fresh database, as CI runs it. Then prints passes
// and failures per spec and exits 1 on any failure. Arguments after N go to
// Playwright: files, --grep, --workers, and so on.
//
// A loop of whole runs rather than --repeat-each: repetitions inside one run
// share one database and the identity providers' state, and some specs rely
// on the fresh seed (Ivy's first SSO sign-in links her; the per-IP budgets),
// so a repeat would fail for reasons a real run never meets and hide the
// flakes this is for. Each run costs the servers' start-up (about 30 s).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { formatDurations, formatTally, tally, type JsonReport } from "./e2e-soak-report";

/** Written by the JSON reporter of playwright.config.ts (under remote/ against a deployment, E2E_BASE_URL). */
const RESULTS = process.env.E2E_BASE_URL?.trim() ? "e2e/report/remote/results.json" : "e2e/report/results.json";
const SOAK = "e2e/report/soak";

const [first, ...rest] = process.argv.slice(2);
const count = first !== undefined && /^\d+$/.test(first) ? Number(first) : 20;
const passthrough = first !== undefined && /^\d+$/.test(first) ? rest : process.argv.slice(2);
if (count < 1) {
  console.error("Usage: npm run e2e:soak -- [runs, default 20] [playwright test arguments]");
  process.exit(2);
}

rmSync(SOAK, { recursive: true, force: true });
mkdirSync(SOAK, { recursive: true });
const reports: (JsonReport | null)[] = [];
for (let run = 1; run <= count; run++) {
  console.log(`\n── soak run ${run} of ${count}`);
  rmSync(RESULTS, { force: true });
  const started = Date.now();
  // Each run's traces, screenshots and videos of failures stay in its own folder.
  spawnSync("node", ["node_modules/@playwright/test/cli.js", "test", "--output", `${SOAK}/run-${run}/artifacts`, ...passthrough], { stdio: "inherit" });
  let report: JsonReport | null = null;
  if (existsSync(RESULTS)) {
    copyFileSync(RESULTS, `${SOAK}/run-${run}.json`);
    report = JSON.parse(readFileSync(RESULTS, "utf8")) as JsonReport;
  }
  reports.push(report);
  console.log(`── soak run ${run} took ${Math.round((Date.now() - started) / 1000)} s`);
}

const tallies = tally(reports);
console.log(`\n${formatTally(tallies, count).join("\n")}`);
console.log(formatDurations(reports));
console.log(`(Each run's JSON report and failure artifacts: ${SOAK}/.)`);
process.exit(tallies.some((t) => t.failed + t.flaky > 0) ? 1 : 0);
