import path from "node:path";
import { fileURLToPath } from "node:url";

// The ceiling app: the same next/react as the portal (resolved from the
// repository's node_modules), nothing else.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** @type {import('next').NextConfig} */
const config = { poweredByHeader: false, turbopack: { root } };
export default config;
