// Whether the production build in .next is older than the code it was built
// from. The end-to-end suite (scripts/e2e-server.ts) and `npm run demo --
// --reuse-build` serve whatever build is there; an old one silently tests old
// code (a remote-stage run once "failed" on a focus fix its build predated).
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The folders and files `next build` compiles; tests beside the code, generated code and folders outside the app are left out. */
const SOURCE_FOLDERS = ["app", "components", "lib", "types"];
const SOURCE_FILES = ["auth.ts", "auth.config.ts", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package-lock.json", "prisma/schema.prisma"];
const SKIPPED_FOLDERS = new Set(["generated", "node_modules"]);
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

/**
 * Null when `<root>/.next` holds a build at least as new as every source
 * file; otherwise why not: "no build", or the first source file (relative to
 * root) changed after the build was made.
 */
export function staleBuildReason(root: string): string | null {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return "no build";
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (file: string) => statSync(file).mtimeMs > builtAt;
  for (const file of SOURCE_FILES) {
    const full = path.join(root, file);
    if (existsSync(full) && newer(full)) return `${file} changed after the build`;
  }
  const walk = (folder: string): string | null => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name)) continue;
        const found = walk(full);
        if (found) return found;
      } else if (entry.isFile() && !isTest(entry.name) && newer(full)) {
        return `${path.relative(root, full)} changed after the build`;
      }
    }
    return null;
  };
  for (const folder of SOURCE_FOLDERS) {
    const full = path.join(root, folder);
    const found = existsSync(full) ? walk(full) : null;
    if (found) return found;
  }
  return null;
}

/**
 * For a script's `--reuse-build` (`npm test` passes it to the demo and the
 * bench right after building): true when `.next` may be served as it is. With
 * the flag but an out-of-date build, says so and returns false, so that the
 * caller builds.
 */
export function reuseBuild(argv: readonly string[], root: string, log: (line: string) => void = console.log): boolean {
  if (!argv.includes("--reuse-build")) return false;
  const stale = staleBuildReason(root);
  log(stale ? `Building: the build in .next cannot be reused (${stale}).` : "Reusing the build in .next (--reuse-build).");
  return !stale;
}
