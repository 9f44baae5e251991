import path from "node:path";
import { fileURLToPath } from "node:url";

// The better-auth peer is its own app: its own node_modules, and its own root,
// so that Next/Turbopack neither climbs to the portal's proxy.ts nor its tsconfig.
const root = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const config = {
  poweredByHeader: false,
  turbopack: { root },
  outputFileTracingRoot: root,
};
export default config;
