import { cookies } from "next/headers";
import { signInWithConnection } from "@/auth";
import { env } from "@/lib/env";
import { apiError, check } from "@/lib/mobile/http";
import { mobileRoute } from "@/lib/mobile/route";
import { authorizeQuery } from "@/lib/mobile/schemas";
import { AUTHORIZATION_COOKIE, AUTHORIZATION_COOKIE_PATH, AUTHORIZATION_TTL_MS, startAuthorization } from "@/lib/mobile/sso";

export const dynamic = "force-dynamic";

/**
 * Opened by the app in the system browser (RFC 8252) with its PKCE
 * challenge: on to the company's identity provider, back at /sso/complete.
 */
export const GET = mobileRoute(async (request, context) => {
  const query = check(authorizeQuery, Object.fromEntries(new URL(request.url).searchParams));
  if (!query.ok) return query.response;
  const started = await startAuthorization(context.db, { ...query.data, now: context.now });
  if (!started.ok) return apiError("validation_failed", { fields: { email: ["This email does not sign in with single sign-on."] } });
  const https = env().APP_URL.startsWith("https://");
  (await cookies()).set(AUTHORIZATION_COOKIE, started.authorizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: https || process.env.NODE_ENV === "production",
    path: AUTHORIZATION_COOKIE_PATH,
    maxAge: AUTHORIZATION_TTL_MS / 1000,
  });
  // Throws Next's redirect to the identity provider (with NextAuth's state, PKCE and nonce cookies).
  await signInWithConnection(started.route.providerId, { redirectTo: "/api/mobile/v1/sso/complete" }, { login_hint: query.data.email });
  return apiError("internal_error");
});
