import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Whether Playwright can record videos here, making it able to when it can.
 * Playwright encodes with an ffmpeg build of its own (`npx playwright install
 * ffmpeg`); where that cannot be downloaded (this project's machines reach
 * only the npm and Debian registries), Debian's ffmpeg does the same job: it
 * is linked where Playwright looks, in a browsers folder of the checkout
 * (e2e/.browsers, ignored by git) named by PLAYWRIGHT_BROWSERS_PATH. The
 * browser itself is the system Chromium (playwright.config.ts), so nothing
 * else is looked up there. Workers inherit the variable.
 */
export function canRecordVideo(root: string, systemBrowser: boolean): boolean {
  const revision = ffmpegRevision(root);
  if (!revision) return false;
  const relative = path.join(`ffmpeg-${revision}`, "ffmpeg-linux");
  const registry = process.env.PLAYWRIGHT_BROWSERS_PATH || path.join(os.homedir(), ".cache", "ms-playwright");
  if (existsSync(path.join(registry, relative))) return true;
  const system = ["/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"].find((p) => existsSync(p));
  // Only with the system browser: the folder replaces the one Playwright's own browsers are in.
  if (process.platform !== "linux" || !system || !systemBrowser) return false;
  const own = path.join(root, "e2e", ".browsers");
  const link = path.join(own, relative);
  if (!existsSync(link)) {
    mkdirSync(path.dirname(link), { recursive: true });
    try {
      symlinkSync(system, link);
    } catch (error) {
      // Another process (a worker, a parallel run) made it first.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  process.env.PLAYWRIGHT_BROWSERS_PATH = own;
  return true;
}

function ffmpegRevision(root: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, "node_modules", "playwright-core", "browsers.json"), "utf8")) as {
      browsers: { name: string; revision: string }[];
    };
    return manifest.browsers.find((b) => b.name === "ffmpeg")?.revision ?? null;
  } catch {
    return null;
  }
}
