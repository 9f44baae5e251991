import { refreshTokens } from "@/lib/mobile/devices";
import { apiError, json, readBody } from "@/lib/mobile/http";
import { tokensBody } from "@/lib/mobile/respond";
import { mobileRoute } from "@/lib/mobile/route";
import { refreshRequest } from "@/lib/mobile/schemas";

export const dynamic = "force-dynamic";

/** A new token pair for a refresh token, which stops working; a used one presented again signs the device out. */
export const POST = mobileRoute(async (request, context) => {
  const body = await readBody(request, refreshRequest);
  if (!body.ok) return body.response;
  const result = await refreshTokens(context.db, body.data.refreshToken, context.meta, context.now);
  return result.ok ? json(tokensBody(result)) : apiError("invalid_token");
});
