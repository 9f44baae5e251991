// Pure functions of `npm run e2e:coverage`: read statement lists, find the
// tags of every test in a spec's source, and map one to the other.
import ts from "typescript";

/** A statement to prove: its list's tag prefix ("seed", "promise"), id, number and text. */
export type Statement = { kind: string; id: string; number: number; text: string };

/** A test found in a spec: file, full title (describe titles first, joined by " › ") and every tag it carries. */
export type SpecTest = { file: string; title: string; tags: string[] };

const STATEMENT_LINE = /^(\d+)\.\s+`([a-z0-9][a-z0-9-]*)`\s+[—-]\s+(.+)$/;

/** The statements of a markdown list whose items read "1. `an-id` — text". Ids must be unique. */
export function parseStatements(markdown: string, kind: string): Statement[] {
  const statements: Statement[] = [];
  for (const line of markdown.split(/\r?\n/)) {
    const match = STATEMENT_LINE.exec(line.trim());
    if (!match) continue;
    const [, number, id, text] = match;
    if (statements.some((s) => s.id === id)) throw new Error(`Duplicate id "${id}" in the ${kind} statements.`);
    statements.push({ kind, id: id!, number: Number(number), text: text!.trim() });
  }
  return statements;
}

const TEST_CALLS = new Set(["test", "test.only", "test.skip", "test.fixme", "test.fail", "test.slow"]);
const DESCRIBE_CALLS = new Set(["test.describe", "test.describe.only", "test.describe.skip", "test.describe.fixme", "test.describe.serial", "test.describe.parallel"]);

/** Tags in a title, as Playwright reads them: words starting with "@". */
export function tagsInTitle(title: string): string[] {
  return title.match(/@[^\s]+/g) ?? [];
}

/** A title as written: a string literal's text, or a template literal's source (its ${…} left as written). */
function titleOf(node: ts.Expression, source: ts.SourceFile): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.getText(source).slice(1, -1);
  return null;
}

/** The tags of a details argument ({ tag: "@a" } or { tag: ["@a", "@b"] }). */
function tagsInDetails(node: ts.Expression | undefined): string[] {
  if (!node || !ts.isObjectLiteralExpression(node)) return [];
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) || property.name.getText() !== "tag") continue;
    const value = property.initializer;
    if (ts.isStringLiteral(value)) return [value.text];
    if (ts.isArrayLiteralExpression(value)) return value.elements.filter(ts.isStringLiteral).map((e) => e.text);
  }
  return [];
}

/** Every test declared in a spec's source, with the tags of its title, its details and its describe blocks. */
export function scanSpec(file: string, sourceText: string): SpecTest[] {
  const source = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const tests: SpecTest[] = [];
  const visit = (node: ts.Node, titles: string[], tags: string[]) => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression.getText(source);
      const title = titleOf(node.arguments[0]!, source);
      if (title !== null && (TEST_CALLS.has(callee) || DESCRIBE_CALLS.has(callee))) {
        const own = [...tagsInTitle(title), ...tagsInDetails(node.arguments.length > 2 ? node.arguments[1] : undefined)];
        if (TEST_CALLS.has(callee)) {
          tests.push({ file, title: [...titles, title].join(" › "), tags: [...new Set([...tags, ...own])] });
          return;
        }
        node.arguments.slice(1).forEach((argument) => visit(argument, [...titles, title], [...tags, ...own]));
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, titles, tags));
  };
  visit(source, [], []);
  return tests;
}

export type CoverageRow = { statement: Statement; tests: SpecTest[] };
export type Coverage = { rows: CoverageRow[]; uncovered: Statement[]; unknownTags: { tag: string; test: SpecTest }[] };

/**
 * Maps each statement to the tests tagged `@<kind>:<id>`. Also lists tags of
 * a known kind that name no statement (a typo would otherwise prove nothing).
 */
export function mapCoverage(statements: Statement[], tests: SpecTest[]): Coverage {
  const rows = statements.map((statement) => ({
    statement,
    tests: tests.filter((t) => t.tags.includes(`@${statement.kind}:${statement.id}`)),
  }));
  const kinds = new Set(statements.map((s) => s.kind));
  const known = new Set(statements.map((s) => `@${s.kind}:${s.id}`));
  const unknownTags = tests.flatMap((test) =>
    test.tags.filter((tag) => kinds.has(tag.slice(1).split(":")[0]!) && tag.includes(":") && !known.has(tag)).map((tag) => ({ tag, test })),
  );
  return { rows, uncovered: rows.filter((r) => r.tests.length === 0).map((r) => r.statement), unknownTags };
}

/** A markdown table cell: no line breaks, pipes escaped. */
const cell = (text: string) => text.replace(/\s+/g, " ").replace(/\|/g, "\\|");

/** The title without its tags, for reading. */
const plainTitle = (title: string) => title.replace(/\s*@[^\s]+/g, "").trim();

/** e2e/COVERAGE.md: one table per list, each statement with the spec files and test titles that prove it. */
export function renderCoverage(sections: { heading: string; source: string; coverage: Coverage }[]): string {
  const lines = [
    "# End-to-end coverage",
    "",
    "Generated by `npm run e2e:coverage` from the tags in `e2e/**/*.spec.ts`; do not edit by hand.",
    "A test proves a statement when its title (or a describe block around it) carries `@seed:<id>` or `@promise:<id>`.",
  ];
  for (const { heading, source, coverage } of sections) {
    const covered = coverage.rows.length - coverage.uncovered.length;
    lines.push("", `## ${heading}`, "", `Statements: \`${source}\`. ${covered} of ${coverage.rows.length} proven by at least one test.`, "");
    lines.push("| # | id | statement | proven by |", "| --- | --- | --- | --- |");
    for (const { statement, tests } of coverage.rows) {
      const proof = tests.length === 0 ? "**no spec**" : tests.map((t) => `\`${t.file}\`: ${cell(plainTitle(t.title))}`).join("<br>");
      lines.push(`| ${statement.number} | \`${statement.id}\` | ${cell(statement.text)} | ${proof} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}
