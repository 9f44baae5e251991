import { describe, expect, it } from "vitest";
import { mapCoverage, parseStatements, renderCoverage, scanSpec, tagsInTitle } from "./e2e-tags";

const LIST = `# Statements

Some prose that is not a statement, 1. even with a number.

1. \`settings-path\` — Account settings is under the name menu.
2. \`switch-to-email\` - Signing in with an emailed code makes Email the method.
3. not-an-id — ignored
`;

describe("parseStatements", () => {
  it("reads numbered items with an id in backticks, either dash", () => {
    expect(parseStatements(LIST, "seed")).toEqual([
      { kind: "seed", id: "settings-path", number: 1, text: "Account settings is under the name menu." },
      { kind: "seed", id: "switch-to-email", number: 2, text: "Signing in with an emailed code makes Email the method." },
    ]);
  });

  it("refuses a duplicate id", () => {
    expect(() => parseStatements("1. `a` — one\n2. `a` — two", "seed")).toThrow('Duplicate id "a"');
  });
});

describe("scanSpec", () => {
  const source = `
import { expect, test } from "./fixtures";

test("name menu -> Account settings @seed:settings-path", async ({ page }) => {
  // test("inside a test body is not a test @seed:nope")
  await page.goto("/");
});

test('single quotes, no tag', async () => {});

test("details tags", { tag: ["@seed:switch-to-email", "@promise:totp-once"] }, async () => {});

test.describe("email first @local", () => {
  test.describe("nested", { tag: "@promise:outer" }, () => {
    test(\`a template \${label} @seed:switch-to-email\`, async () => {});
  });
});

for (const evil of ["//a", "//b"]) {
  test(\`open redirect \${evil} @promise:local-redirects-only\`, async () => {});
}

helper("not a test @seed:settings-path");
`;

  it("finds every test with the tags of its title, its details and its describe blocks", () => {
    expect(scanSpec("e2e/x.spec.ts", source)).toEqual([
      { file: "e2e/x.spec.ts", title: "name menu -> Account settings @seed:settings-path", tags: ["@seed:settings-path"] },
      { file: "e2e/x.spec.ts", title: "single quotes, no tag", tags: [] },
      { file: "e2e/x.spec.ts", title: "details tags", tags: ["@seed:switch-to-email", "@promise:totp-once"] },
      {
        file: "e2e/x.spec.ts",
        title: "email first @local › nested › a template ${label} @seed:switch-to-email",
        tags: ["@local", "@promise:outer", "@seed:switch-to-email"],
      },
      { file: "e2e/x.spec.ts", title: "open redirect ${evil} @promise:local-redirects-only", tags: ["@promise:local-redirects-only"] },
    ]);
  });

  it("reads tags as Playwright does: words starting with @", () => {
    expect(tagsInTitle("a @local test @seed:x-y, done")).toEqual(["@local", "@seed:x-y,"]);
  });
});

describe("mapCoverage", () => {
  const statements = parseStatements(LIST, "seed");
  const tests = [
    { file: "e2e/a.spec.ts", title: "one @seed:settings-path", tags: ["@seed:settings-path", "@local"] },
    { file: "e2e/b.spec.ts", title: "two @seed:settngs-path", tags: ["@seed:settngs-path", "@promise:other"] },
  ];

  it("maps each statement to its tests and names the ones without a test", () => {
    const coverage = mapCoverage(statements, tests);
    expect(coverage.rows.map((r) => [r.statement.id, r.tests.map((t) => t.file)])).toEqual([
      ["settings-path", ["e2e/a.spec.ts"]],
      ["switch-to-email", []],
    ]);
    expect(coverage.uncovered.map((s) => s.id)).toEqual(["switch-to-email"]);
  });

  it("reports a tag of the list's kind that names no statement, and ignores other kinds", () => {
    expect(mapCoverage(statements, tests).unknownTags).toEqual([{ tag: "@seed:settngs-path", test: tests[1] }]);
  });
});

describe("renderCoverage", () => {
  it("writes one table per list, with the proving tests' files and titles without tags", () => {
    const statements = parseStatements(LIST, "seed");
    const coverage = mapCoverage(statements, [{ file: "e2e/a.spec.ts", title: "menu | path @seed:settings-path", tags: ["@seed:settings-path"] }]);
    const markdown = renderCoverage([{ heading: "Help", source: "docs/mfa-help.md", coverage }]);
    expect(markdown).toContain("Statements: `docs/mfa-help.md`. 1 of 2 proven by at least one test.");
    expect(markdown).toContain("| 1 | `settings-path` | Account settings is under the name menu. | `e2e/a.spec.ts`: menu \\| path |");
    expect(markdown).toContain("| 2 | `switch-to-email` | Signing in with an emailed code makes Email the method. | **no spec** |");
  });
});
