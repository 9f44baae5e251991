import { describe, expect, it } from "vitest";
import { formatDurations, formatTally, outcomes, tally, type JsonReport } from "./e2e-soak-report";

const run = (emailStatus: "expected" | "unexpected" | "flaky"): JsonReport => ({
  suites: [
    {
      title: "mfa-email.spec.ts",
      file: "mfa-email.spec.ts",
      specs: [{ title: "resend", file: "mfa-email.spec.ts", tests: [{ status: emailStatus }] }],
      suites: [{ title: "email first", file: "mfa-email.spec.ts", specs: [{ title: "lookup", file: "mfa-email.spec.ts", tests: [{ status: "expected" }] }] }],
    },
    { title: "faults.spec.ts", file: "faults.spec.ts", specs: [{ title: "remote @local", file: "faults.spec.ts", tests: [{ status: "skipped" }] }] },
  ],
});

describe("outcomes", () => {
  it("lists every test with its describe titles and outcome", () => {
    expect(outcomes(run("unexpected"))).toEqual([
      { file: "mfa-email.spec.ts", title: "resend", outcome: "failed" },
      { file: "mfa-email.spec.ts", title: "email first › lookup", outcome: "passed" },
      { file: "faults.spec.ts", title: "remote @local", outcome: "skipped" },
    ]);
  });
});

describe("tally", () => {
  it("counts per spec over the runs and keeps each failure with its run; a run without a report is a failure", () => {
    const tallies = tally([run("expected"), run("unexpected"), null, run("flaky")]);
    expect(tallies).toEqual([
      { file: "(the run itself)", passed: 0, failed: 1, flaky: 0, skipped: 0, failures: [{ title: "no report: the suite did not run", run: 3 }] },
      { file: "faults.spec.ts", passed: 0, failed: 0, flaky: 0, skipped: 3, failures: [] },
      {
        file: "mfa-email.spec.ts",
        passed: 4,
        failed: 1,
        flaky: 1,
        skipped: 0,
        failures: [
          { title: "resend", run: 2 },
          { title: "resend", run: 4 },
        ],
      },
    ]);
  });

  it("ends the printout with one line of totals, flaky counted as failed", () => {
    const lines = formatTally(tally([run("expected"), run("flaky")]), 2);
    expect(lines).toContain("  run 2: mfa-email.spec.ts › resend");
    expect(lines.at(-1)).toBe("3 passed, 1 failed");
  });
});

describe("formatDurations", () => {
  const took = (ms: number): JsonReport => ({ suites: [], stats: { duration: ms } });

  it("gives the fastest, median and slowest run in minutes, skipping runs without a report", () => {
    expect(formatDurations([took(240_000), took(210_000), null, took(228_000)])).toBe(
      "Suite time per run (Playwright's, 3 runs): fastest 3.5 min, median 3.8 min, slowest 4.0 min.",
    );
    expect(formatDurations([took(210_000), took(222_000), took(234_000), took(246_000)])).toContain("median 3.8 min");
  });

  it("says so when no run reported a time", () => {
    expect(formatDurations([null])).toBe("Suite time per run: no run reported one.");
  });
});
