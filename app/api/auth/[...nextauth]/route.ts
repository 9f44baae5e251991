import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { getCurrentUser } from "@/lib/auth/current-user";
import { withRequest } from "@/lib/with-request";

export const POST = withRequest(handlers.POST);

/**
 * NextAuth's GET routes. The JWT alone does not know that its session row
 * was revoked (pages check the row on every request), so `/api/auth/session`
 * answers null unless the row is still live.
 */
export const GET = withRequest(async function GET(request: NextRequest) {
  if (request.nextUrl.pathname === "/api/auth/session" && !(await getCurrentUser())) return Response.json(null);
  return handlers.GET(request);
});
