import { loadEnvConfig } from "@next/env";

/**
 * Loads `.env` (and `.env.local`, `.env.production`, as `next start` does)
 * into process.env for scripts and the Prisma CLI, with Next.js's own loader;
 * variables already set win.
 */
export function loadEnvFiles(dir = process.cwd()): void {
  loadEnvConfig(dir, false, { info: () => {}, error: console.error });
}
