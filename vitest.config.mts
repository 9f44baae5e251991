import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    globalSetup: ["lib/testing/global-setup.ts"],
    // PostgreSQL work (argon2, concurrent transactions) on 2 cores: room for the slow ones.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
