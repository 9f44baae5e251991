import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { getCurrentUser } from "@/lib/auth/current-user";

export const { POST } = handlers;

/**
 * NextAuth's GET routes. The JWT alone does not know that its session row
 * was revoked (pages check the row on every request), so `/api/auth/session`
 * answers null unless the row is still live.
 */
export async function GET(request: NextRequest) {
  if (request.nextUrl.pathname === "/api/auth/session" && !(await getCurrentUser())) return Response.json(null);
  return handlers.GET(request);
}
