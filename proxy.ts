import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath } from "./auth.config";
import { databaseAvailable } from "@/lib/database/health";
import { inRequestScope, REQUEST_ID_HEADER, requestIdFrom } from "@/lib/request-scope";
import { contentSecurityPolicy, newNonce } from "@/lib/security/headers";
import { serviceUnavailableResponse } from "@/lib/service-unavailable";

/** NextAuth's session cookie, plain or with the __Secure- prefix (and chunked, should it grow). */
const SESSION_COOKIE = /^(?:__Secure-|__Host-)?authjs\.session-token(?:\.\d+)?$/;

/**
 * Every request gets an id (a well-formed `x-request-id` it came with, else a
 * new one), passed on to the page or action, which logs under it
 * (lib/with-request.ts), and returned on the response.
 */
export default async function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  const response = await inRequestScope(requestId, () => answer(request, requestId));
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

/**
 * While this instance knows the database to be unreachable, every page and
 * action is answered with a 503 at once (no stack trace, nothing half-done).
 * Otherwise an optimistic redirect only: a private path without a session
 * cookie goes to /login. The cookie is not decrypted here; every page and
 * action reads the session row itself (`getCurrentUser`), so decrypting it
 * twice per request would buy nothing (README "Performance").
 */
async function answer(request: NextRequest, requestId: string): Promise<Response> {
  if (!(await databaseAvailable())) return serviceUnavailableResponse(request.headers.has("next-action"));
  const { pathname, search } = request.nextUrl;
  if (isPublicPath(pathname) || request.cookies.getAll().some((c) => SESSION_COOKIE.test(c.name))) {
    // A nonce per response: Next.js finds it in the request's CSP header and puts it on its scripts.
    const csp = contentSecurityPolicy(newNonce(), { production: process.env.NODE_ENV === "production" });
    const headers = new Headers(request.headers);
    headers.set("content-security-policy", csp);
    headers.set(REQUEST_ID_HEADER, requestId);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("content-security-policy", csp);
    return response;
  }
  const login = new URL("/login", request.nextUrl);
  if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
  // 303: a POST (a server action) is followed by a GET of the sign-in page, never re-posted there.
  return NextResponse.redirect(login, 303);
}

export const config = {
  // Not NextAuth's routes, nor the health checks and metrics: a load balancer
  // and Prometheus must reach them while the database is down, without a session;
  // nor the mobile API, which answers JSON of its own (lib/mobile/route.ts).
  matcher: ["/((?!api/auth|api/health|api/metrics|api/mobile|_next/static|_next/image|favicon.ico).*)"],
};
