// Vitest global setup: one PostgreSQL for the whole run (embedded, or the
// server of TEST_DATABASE_URL), and a template database with the committed
// migrations applied. Each test file copies the template (lib/testing/test-db.ts).
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { adminFor, applyMigrations, createDatabase, startEmbeddedPostgres, temporaryDataDir } from "@/lib/database/embedded";
import { checkPostgresUrl, withDatabase } from "@/lib/database/url";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    databaseTemplate: string;
  }
}

/** A free-looking port in a range nothing else of ours uses; retried on a clash. */
const randomPort = () => 55_000 + Math.floor(Math.random() * 4_000);

export default async function setup(project: TestProject) {
  const template = `portal_template_${randomBytes(4).toString("hex")}`;
  let serverUrl: string;
  let stop: () => Promise<void>;
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = checkPostgresUrl(process.env.TEST_DATABASE_URL, "TEST_DATABASE_URL");
    stop = async () => {};
  } else {
    let lastError: unknown;
    for (let attempt = 0; ; attempt++) {
      try {
        const dataDir = temporaryDataDir("portal-vitest-");
        const server = await startEmbeddedPostgres({ dataDir, port: randomPort(), password: "vitest", persistent: false });
        serverUrl = server.url("postgres");
        stop = server.stop;
        break;
      } catch (error) {
        lastError = error;
        if (attempt >= 3) throw lastError;
      }
    }
  }
  const admin = adminFor(serverUrl);
  await createDatabase(admin, template, { recreate: true });
  await applyMigrations(withDatabase(serverUrl, template));
  project.provide("databaseServerUrl", serverUrl);
  project.provide("databaseTemplate", template);
  return async () => {
    await admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(template)} WITH (FORCE)`)));
    await stop();
  };
}
