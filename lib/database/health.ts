// Whether this process can reach the database, as last observed. A cache of
// an observation (each instance keeps its own), never a source of truth: it
// only decides whether the proxy answers 503 at once instead of letting a
// request fail deep inside a page.
import { isDatabaseUnavailable, reportDatabaseError } from "./unavailable";

/** While the database is down, it is asked again at most this often per process. */
export const RECHECK_MS = 1_000;

type Health = { downSince: number | null; lastCheck: number; checking: Promise<void> | null; ping: (() => Promise<unknown>) | null };

const globalForHealth = globalThis as unknown as { staffPortalDbHealth?: Health };
const state: Health = (globalForHealth.staffPortalDbHealth ??= { downSince: null, lastCheck: 0, checking: null, ping: null });

/** Registers how to ask the database whether it is back (the process pool's `SELECT 1`). */
export function setHealthPing(ping: () => Promise<unknown>): void {
  state.ping = ping;
}

/** Called with every database error: a connection failure marks the database down (and is logged once a minute). */
export function noteDatabaseError(error: unknown, now = Date.now()): void {
  if (!isDatabaseUnavailable(error)) return;
  if (state.downSince === null) {
    state.downSince = now;
    state.lastCheck = now;
  }
  reportDatabaseError(error, now);
}

/**
 * False while the database is known to be unreachable. Once a second it is
 * asked again (one request waits for the answer; the others share it), so an
 * instance recovers by itself when the database comes back.
 */
export async function databaseAvailable(now = Date.now()): Promise<boolean> {
  if (state.downSince === null) return true;
  if (state.ping && now - state.lastCheck >= RECHECK_MS) {
    state.lastCheck = now;
    state.checking ??= state
      .ping()
      .then(() => {
        state.downSince = null;
      })
      .catch((error: unknown) => reportDatabaseError(error))
      .finally(() => {
        state.checking = null;
      });
  }
  if (state.checking) await state.checking;
  return state.downSince === null;
}
