import "server-only";
import { headers } from "next/headers";
import { currentRequestId, inRequestScope, REQUEST_ID_HEADER, requestIdFrom } from "@/lib/request-scope";

/**
 * A server action or route handler whose body runs in its request's scope, so
 * that every log line it causes names the request. The id is the one
 * `proxy.ts` put on the request (`x-request-id`), checked again here because
 * the proxy does not see every path (`/api/auth`, `/api/health`,
 * `/api/metrics`); a fresh one when there is none. Called inside a scope
 * already (an action calling a helper that is wrapped too), it keeps that one.
 */
export function withRequest<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    if (currentRequestId()) return fn(...args);
    const requestId = requestIdFrom((await headers()).get(REQUEST_ID_HEADER));
    return inRequestScope(requestId, () => fn(...args));
  };
}
