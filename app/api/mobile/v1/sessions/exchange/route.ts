import { apiError, readBody } from "@/lib/mobile/http";
import { signInResponse } from "@/lib/mobile/respond";
import { mobileRoute } from "@/lib/mobile/route";
import { exchangeRequest } from "@/lib/mobile/schemas";
import { exchangeCode } from "@/lib/mobile/sso";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** The one-time code of a single sign-on in the system browser, with the app's PKCE code verifier: tokens. */
export const POST = mobileRoute(async (request, context) => {
  const body = await readBody(request, exchangeRequest);
  if (!body.ok) return body.response;
  const result = await exchangeCode(context.db, { ...body.data, meta: context.meta, now: context.now });
  if (!result.ok) return apiError("invalid_code");
  return signInResponse({ ...context, appUrl: env().APP_URL }, result);
});
