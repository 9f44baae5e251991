// npm run e2e:coverage: maps every statement of docs/mfa-help.md (tags
// @seed:<id>) and e2e/promises.md (tags @promise:<id>) to the end-to-end
// tests that prove it, writes e2e/COVERAGE.md, and exits 1 naming any
// statement without a test (or a tag that names no statement).
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { mapCoverage, parseStatements, renderCoverage, scanSpec } from "./e2e-tags";

const LISTS = [
  { heading: "The help article (our words)", source: "docs/mfa-help.md", kind: "seed" },
  { heading: "README promises", source: "e2e/promises.md", kind: "promise" },
] as const;
const OUTPUT = "e2e/COVERAGE.md";

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "report" || entry.name.startsWith(".") ? [] : specFiles(full);
    return entry.name.endsWith(".spec.ts") ? [full] : [];
  });
}

const tests = specFiles("e2e")
  .sort()
  .flatMap((file) => scanSpec(file.split(path.sep).join("/"), readFileSync(file, "utf8")));
const sections = LISTS.map((list) => ({
  ...list,
  coverage: mapCoverage(parseStatements(readFileSync(list.source, "utf8"), list.kind), tests),
}));
writeFileSync(OUTPUT, renderCoverage(sections));

let failed = false;
for (const { source, coverage } of sections) {
  for (const s of coverage.uncovered) {
    console.error(`No spec proves ${source} ${s.number}. \`${s.id}\`: ${s.text}`);
    failed = true;
  }
  for (const { tag, test } of coverage.unknownTags) {
    console.error(`${test.file}: "${test.title}" carries ${tag}, which names no statement of ${source}.`);
    failed = true;
  }
}
const total = sections.reduce((n, s) => n + s.coverage.rows.length, 0);
const proven = sections.reduce((n, s) => n + s.coverage.rows.length - s.coverage.uncovered.length, 0);
console.log(`Wrote ${OUTPUT}: ${proven} of ${total} statements proven by ${tests.length} tests scanned.`);
process.exit(failed ? 1 : 0);
