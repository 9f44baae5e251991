import { env } from "@/lib/env";
import { readBody } from "@/lib/mobile/http";
import { signInResponse } from "@/lib/mobile/respond";
import { mobileRoute } from "@/lib/mobile/route";
import { signInRequest } from "@/lib/mobile/schemas";
import { signInWithPassword } from "@/lib/mobile/sign-in";

export const dynamic = "force-dynamic";

/** Sign-in from a mobile app: email, password and the device's name; tokens, or a refusal with its code. */
export const POST = mobileRoute(async (request, context) => {
  const body = await readBody(request, signInRequest);
  if (!body.ok) return body.response;
  const result = await signInWithPassword(context, body.data);
  return signInResponse({ ...context, appUrl: env().APP_URL }, result, body.data.email);
});
