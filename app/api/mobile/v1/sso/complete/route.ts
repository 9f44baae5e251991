import { cookies } from "next/headers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { apiError } from "@/lib/mobile/http";
import { mobileRoute } from "@/lib/mobile/route";
import { AUTHORIZATION_COOKIE, completeAuthorization } from "@/lib/mobile/sso";

export const dynamic = "force-dynamic";

/** Back from the identity provider: to the app's redirect with its one-time code and state. */
export const GET = mobileRoute(async (_request, context) => {
  const jar = await cookies();
  const current = await getCurrentUser();
  const result = await completeAuthorization(context.db, {
    authorizationId: jar.get(AUTHORIZATION_COOKIE)?.value,
    session: current && { sessionId: current.sessionId, userId: current.user.id, amr: current.amr },
    now: context.now,
  });
  jar.delete({ name: AUTHORIZATION_COOKIE, path: "/api/mobile/v1/sso" });
  if (!result.ok) return apiError("invalid_credentials", { message: "This sign-in did not finish. Go back to the app and try again." });
  return new Response(null, { status: 303, headers: { location: result.redirectTo, "cache-control": "no-store" } });
});
