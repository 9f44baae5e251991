import { apiError, json, readBody } from "@/lib/mobile/http";
import { mobileRoute } from "@/lib/mobile/route";
import { emailCodeRequest } from "@/lib/mobile/schemas";
import { emailSignInCode } from "@/lib/mobile/sign-in";

export const dynamic = "force-dynamic";

/** Emails a sign-in code to an Email user whose sign-in answered mfa_required. */
export const POST = mobileRoute(async (request, context) => {
  const body = await readBody(request, emailCodeRequest);
  if (!body.ok) return body.response;
  const result = await emailSignInCode(context, body.data);
  if (result.ok) return json({ resendAvailableAt: result.resendAvailableAt.toISOString() });
  switch (result.error) {
    case "TOO_MANY_ATTEMPTS":
    case "RESEND_COOLDOWN":
      return apiError("too_many_attempts", { retryAt: result.retryAt, now: context.now });
    case "CHALLENGE_EXPIRED":
      return apiError("challenge_expired");
    case "EMAIL_FAILED":
      return apiError("email_failed");
    default:
      return apiError("no_email_codes");
  }
});
