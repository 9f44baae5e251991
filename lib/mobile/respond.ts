// From the mobile domain's results to the API's responses.
import type { Db } from "@/lib/db";
import { apiError, json } from "./http";
import type { MobileTokens } from "./devices";
import type { MobileOtpResult, MobileSignInResult } from "./sign-in";

/** What the app shows of the signed-in user. */
export async function userView(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { company: { select: { name: true, slug: true } } } });
  return { id: user.id, name: user.name, email: user.email, company: { name: user.company.name, slug: user.company.slug } };
}

export const tokensBody = (tokens: MobileTokens) => ({
  accessToken: tokens.accessToken,
  accessTokenExpiresAt: tokens.accessTokenExpiresAt.toISOString(),
  refreshToken: tokens.refreshToken,
});

/** Where the app sends an SSO user: the portal's authorize address for their email (the app adds its PKCE parameters). */
export function authorizeUrlFor(appUrl: string, email: string): string {
  const url = new URL("/api/mobile/v1/sso/authorize", appUrl);
  url.searchParams.set("email", email);
  return url.toString();
}

/** 200 with the tokens and the user, or the refusal with its stable code. */
export async function signInResponse(
  context: { db: Db; now: Date; appUrl: string },
  result: MobileSignInResult | MobileOtpResult,
  email?: string,
): Promise<Response> {
  if (result.ok) return json({ ...tokensBody(result.tokens), user: await userView(context.db, result.userId) });
  switch (result.error) {
    case "TOO_MANY_ATTEMPTS":
      return apiError("too_many_attempts", { retryAt: result.retryAt, now: context.now });
    case "SSO_REQUIRED":
      return apiError("sso_required", email ? { authorizeUrl: authorizeUrlFor(context.appUrl, email) } : {});
    case "MFA_REQUIRED":
      return apiError("mfa_required", { challengeToken: result.challengeToken, method: result.method });
    case "SIGN_IN_DISABLED":
      return apiError("sign_in_disabled");
    case "SSO_NOT_CONFIGURED":
      return apiError("sso_not_configured");
    case "MFA_SETUP_REQUIRED":
      return apiError("mfa_setup_required");
    case "INVALID_CODE":
      return apiError("invalid_code");
    case "CHALLENGE_EXPIRED":
      return apiError("challenge_expired");
    default:
      return apiError("invalid_credentials");
  }
}
