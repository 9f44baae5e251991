import pg from "pg";
import { E2E_DATABASE_URL } from "./env";

/** Reads the suite's database directly, to check what a flow left behind (never to set state up). */
export async function queryDatabase<T extends pg.QueryResultRow>(sql: string, params: unknown[] = [], url = E2E_DATABASE_URL): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
