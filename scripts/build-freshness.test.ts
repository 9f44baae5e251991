import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { reuseBuild, staleBuildReason } from "./build-freshness";

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true })));

const BUILT = new Date("2026-11-29T12:00:00Z");
const BEFORE = new Date("2026-11-29T11:00:00Z");
const AFTER = new Date("2026-11-29T13:00:00Z");

/** A checkout with a build made at BUILT and the given files, each written at its time. */
function checkout(files: Record<string, Date>, build = true): string {
  const root = mkdtempSync(path.join(tmpdir(), "portal-build-"));
  folders.push(root);
  const write = (file: string, at: Date) => {
    const full = path.join(root, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, "x");
    utimesSync(full, at, at);
  };
  if (build) write(".next/BUILD_ID", BUILT);
  for (const [file, at] of Object.entries(files)) write(file, at);
  return root;
}

describe("staleBuildReason", () => {
  it("accepts a build newer than every source file", () => {
    expect(staleBuildReason(checkout({ "components/form.tsx": BEFORE, "lib/a/b.ts": BEFORE, "next.config.mjs": BEFORE }))).toBeNull();
  });

  it("names a component, a nested lib file or a root file changed after the build", () => {
    expect(staleBuildReason(checkout({ "components/form.tsx": AFTER }))).toBe(`${path.join("components", "form.tsx")} changed after the build`);
    expect(staleBuildReason(checkout({ "lib/sign-in/otp-step.ts": AFTER }))).toBe(`${path.join("lib", "sign-in", "otp-step.ts")} changed after the build`);
    expect(staleBuildReason(checkout({ "app/page.tsx": BEFORE, "prisma/schema.prisma": AFTER }))).toBe("prisma/schema.prisma changed after the build");
  });

  it("says when there is no build at all", () => {
    expect(staleBuildReason(checkout({ "app/page.tsx": BEFORE }, false))).toBe("no build");
  });

  it("ignores unit tests, generated code and folders the build does not read", () => {
    const root = checkout({
      "lib/sign-in/otp-step.test.ts": AFTER,
      "components/form.test.tsx": AFTER,
      "lib/generated/prisma/client.ts": AFTER,
      "e2e/sign-in.spec.ts": AFTER,
      "scripts/demo.ts": AFTER,
      "lib/sign-in/otp-step.ts": BEFORE,
    });
    expect(staleBuildReason(root)).toBeNull();
  });
});

describe("reuseBuild", () => {
  const fresh = () => checkout({ "components/form.tsx": BEFORE });
  const stale = () => checkout({ "components/form.tsx": AFTER });

  it("reuses an up-to-date build only when asked to", () => {
    const lines: string[] = [];
    expect(reuseBuild(["node", "demo.ts", "--reuse-build"], fresh(), (line) => lines.push(line))).toBe(true);
    expect(reuseBuild(["node", "demo.ts"], fresh(), (line) => lines.push(line))).toBe(false);
    expect(lines).toEqual(["Reusing the build in .next (--reuse-build)."]);
  });

  it("builds, saying why, when the build is out of date or missing", () => {
    const lines: string[] = [];
    expect(reuseBuild(["--reuse-build"], stale(), (line) => lines.push(line))).toBe(false);
    expect(reuseBuild(["--reuse-build"], checkout({}, false), (line) => lines.push(line))).toBe(false);
    expect(lines).toEqual([
      `Building: the build in .next cannot be reused (${path.join("components", "form.tsx")} changed after the build).`,
      "Building: the build in .next cannot be reused (no build).",
    ]);
  });
});
