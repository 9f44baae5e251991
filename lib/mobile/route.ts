import "server-only";
import { unstable_rethrow } from "next/navigation";
import { databaseAvailable } from "@/lib/database/health";
import { requestContext } from "@/lib/request-context";
import { withRequest } from "@/lib/with-request";
import { apiError, unexpected } from "./http";
import type { MobileDeps } from "./sign-in";

/**
 * A route of the mobile API: in its request's scope (logs carry the request
 * id), with this request's context (clock, client address, keys, mailer),
 * 503 at once while the database is known to be down, and JSON for anything
 * unexpected (logged by name, never sent).
 */
export function mobileRoute(handler: (request: Request, context: MobileDeps) => Promise<Response>): (request: Request) => Promise<Response> {
  return withRequest(async (request: Request) => {
    try {
      if (!(await databaseAvailable())) return apiError("service_unavailable");
      return await handler(request, await requestContext());
    } catch (error) {
      unstable_rethrow(error); // a redirect (the SSO routes) is not an error
      return unexpected(error);
    }
  });
}
