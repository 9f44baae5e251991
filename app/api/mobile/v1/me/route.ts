import { authenticateAccessToken } from "@/lib/mobile/devices";
import { apiError, bearerToken, json } from "@/lib/mobile/http";
import { mobileRoute } from "@/lib/mobile/route";

export const dynamic = "force-dynamic";

/** The signed-in user and device: the call the apps make first. */
export const GET = mobileRoute(async (request, context) => {
  const device = await authenticateAccessToken(context.db, bearerToken(request), context.meta, context.now);
  if (!device) return apiError("invalid_token");
  return json({ user: device.user, device: { id: device.deviceId } });
});
