// Pure functions of `npm run e2e:soak`: the outcome of every test in
// Playwright's JSON reports of several runs, tallied per spec file.

/** The parts of Playwright's JSON report read here. */
export type JsonSuite = { title: string; file?: string; specs?: JsonSpec[]; suites?: JsonSuite[] };
type JsonSpec = { title: string; file: string; tests: { status: "expected" | "unexpected" | "flaky" | "skipped" }[] };
export type JsonReport = { suites?: JsonSuite[]; stats?: { duration: number } };

export type Outcome = { file: string; title: string; outcome: "passed" | "failed" | "flaky" | "skipped" };
export type SpecTally = { file: string; passed: number; failed: number; flaky: number; skipped: number; failures: { title: string; run: number }[] };

/** Every test of one run's report with its outcome ("flaky": failed, then passed on a retry). */
export function outcomes(report: JsonReport): Outcome[] {
  const found: Outcome[] = [];
  // The top-level suites are the files; the ones inside are describe blocks.
  const walk = (suite: JsonSuite, titles: string[] | null) => {
    const path = titles === null ? [] : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const outcome = test.status === "expected" ? "passed" : test.status === "unexpected" ? "failed" : test.status;
        found.push({ file: spec.file, title: [...path, spec.title].join(" › "), outcome });
      }
    }
    for (const child of suite.suites ?? []) walk(child, path);
  };
  for (const suite of report.suites ?? []) walk(suite, null);
  return found;
}

/**
 * Tallies runs per spec file. A run without a report (the suite could not
 * start) is `null`: it counts as one failure of "(the run itself)".
 */
export function tally(runs: (JsonReport | null)[]): SpecTally[] {
  const byFile = new Map<string, SpecTally>();
  const entry = (file: string) => {
    let t = byFile.get(file);
    if (!t) byFile.set(file, (t = { file, passed: 0, failed: 0, flaky: 0, skipped: 0, failures: [] }));
    return t;
  };
  runs.forEach((report, index) => {
    const run = index + 1;
    if (!report) {
      const t = entry("(the run itself)");
      t.failed += 1;
      t.failures.push({ title: "no report: the suite did not run", run });
      return;
    }
    for (const o of outcomes(report)) {
      const t = entry(o.file);
      t[o.outcome] += 1;
      if (o.outcome === "failed" || o.outcome === "flaky") t.failures.push({ title: o.title, run });
    }
  });
  return [...byFile.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * One line on the suite's time per run, as Playwright measures it (servers'
 * start included): fastest, median and slowest, in minutes.
 */
export function formatDurations(runs: (JsonReport | null)[]): string {
  const minutes = runs.flatMap((report) => (report?.stats ? [report.stats.duration / 60_000] : [])).sort((a, b) => a - b);
  if (minutes.length === 0) return "Suite time per run: no run reported one.";
  const middle = Math.floor(minutes.length / 2);
  const median = minutes.length % 2 ? minutes[middle]! : (minutes[middle - 1]! + minutes[middle]!) / 2;
  const show = (value: number) => `${value.toFixed(1)} min`;
  return `Suite time per run (Playwright's, ${minutes.length} run${minutes.length === 1 ? "" : "s"}): fastest ${show(minutes[0]!)}, median ${show(median)}, slowest ${show(minutes.at(-1)!)}.`;
}

/** The table printed at the end: one line per spec, then each failure with its run. */
export function formatTally(tallies: SpecTally[], runs: number): string[] {
  const width = Math.max(...tallies.map((t) => t.file.length), "spec (under e2e/)".length);
  const lines = [`Soak: ${runs} run${runs === 1 ? "" : "s"} of the suite.`, "", `${"spec (under e2e/)".padEnd(width)}  passed  failed  skipped`];
  for (const t of tallies) {
    lines.push(`${t.file.padEnd(width)}  ${String(t.passed).padStart(6)}  ${String(t.failed + t.flaky).padStart(6)}  ${String(t.skipped).padStart(7)}`);
  }
  const failures = tallies.flatMap((t) => t.failures.map((f) => `  run ${f.run}: ${t.file} › ${f.title}`));
  if (failures.length > 0) lines.push("", "Failures:", ...failures);
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed + t.flaky, 0);
  lines.push("", `${passed} passed, ${failed} failed`);
  return lines;
}
