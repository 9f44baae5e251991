// The request a piece of server work belongs to, carried by Node's
// AsyncLocalStorage so that every log line of one request can name it without
// passing an id through every function. No Next.js import: domain code and
// tests use it as they are.
import { randomUUID } from "node:crypto";
import { AsyncLocalStorage } from "node:async_hooks";

type Scope = { requestId: string };

// On globalThis: the proxy, the pages, the actions and the route handlers are
// separate bundles of one process, and each must find the same store.
const globalForScope = globalThis as unknown as { staffPortalRequestScope?: AsyncLocalStorage<Scope> };
const storage = (globalForScope.staffPortalRequestScope ??= new AsyncLocalStorage<Scope>());

/** The header that carries the id from the proxy to the page, action or route, and back to the client. */
export const REQUEST_ID_HEADER = "x-request-id";

const WELL_FORMED = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The id of a request: the one it came with (from a load balancer that
 * already names requests) when it is well-formed, else a fresh UUID. Anything
 * else a client sends is never echoed into the logs.
 */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && WELL_FORMED.test(incoming) ? incoming : randomUUID();
}

/**
 * Runs `fn` with `requestId` as the current request's id, for everything it
 * awaits or schedules. `run`, never `enterWith`: the scope ends with `fn`, so
 * it cannot leak into the next request served by the same async resource.
 */
export function inRequestScope<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The current request's id, or undefined outside any request (start-up, the job workers). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
