import { env } from "@/lib/env";
import { readBody } from "@/lib/mobile/http";
import { signInResponse } from "@/lib/mobile/respond";
import { mobileRoute } from "@/lib/mobile/route";
import { otpRequest } from "@/lib/mobile/schemas";
import { completeWithCode } from "@/lib/mobile/sign-in";

export const dynamic = "force-dynamic";

/** The one-time password of a sign-in that answered mfa_required (company option "Require MFA in the mobile apps too"). */
export const POST = mobileRoute(async (request, context) => {
  const body = await readBody(request, otpRequest);
  if (!body.ok) return body.response;
  return signInResponse({ ...context, appUrl: env().APP_URL }, await completeWithCode(context, body.data));
});
