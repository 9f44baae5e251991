import NextAuth from "next-auth";
import type { NextFetchEvent, NextRequest } from "next/server";
import { authConfig } from "./auth.config";
import { databaseAvailable } from "@/lib/database/health";
import { serviceUnavailableResponse } from "@/lib/service-unavailable";

// Optimistic redirects only: pages and actions check the session themselves.
const { auth } = NextAuth(authConfig);
const authProxy = auth as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

/**
 * While this instance knows the database to be unreachable, every page and
 * action is answered with a 503 at once (no stack trace, nothing half-done);
 * otherwise NextAuth's optimistic redirect.
 */
export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (!(await databaseAvailable())) return serviceUnavailableResponse(request.headers.has("next-action"));
  return authProxy(request, event);
}

export const config = {
  matcher: ["/((?!api/auth|_next/static|_next/image|favicon.ico).*)"],
};
