import { signOutDevice } from "@/lib/mobile/devices";
import { apiError, bearerToken } from "@/lib/mobile/http";
import { mobileRoute } from "@/lib/mobile/route";

export const dynamic = "force-dynamic";

/** "Sign out" in the app: the device of the bearer token is signed out (204). */
export const DELETE = mobileRoute(async (request, context) => {
  const signedOut = await signOutDevice(context.db, bearerToken(request), context.meta, context.now);
  return signedOut ? new Response(null, { status: 204, headers: { "cache-control": "no-store" } }) : apiError("invalid_token");
});
