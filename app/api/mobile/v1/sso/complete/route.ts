import { cookies } from "next/headers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { consentErrorPage, consentPage } from "@/lib/mobile/consent-page";
import { mobileRoute } from "@/lib/mobile/route";
import { AUTHORIZATION_COOKIE, AUTHORIZATION_COOKIE_PATH, completeAuthorization, pendingAuthorization } from "@/lib/mobile/sso";

export const dynamic = "force-dynamic";

const html = (body: string, status = 200) =>
  new Response(body, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
    },
  });

async function browserState() {
  const current = await getCurrentUser();
  return {
    authorizationId: (await cookies()).get(AUTHORIZATION_COOKIE)?.value,
    session: current && { sessionId: current.sessionId, userId: current.user.id, amr: current.amr },
    current,
  };
}

/** Back from the identity provider: the person confirms that their app may sign in (nothing is granted by this GET). */
export const GET = mobileRoute(async (_request, context) => {
  const state = await browserState();
  const pending = await pendingAuthorization(context.db, { ...state, now: context.now });
  const appName = env().APP_NAME;
  if (!pending.ok || !state.current) return html(consentErrorPage(appName), 400);
  return html(consentPage(appName, { deviceName: pending.authorization.deviceName, name: state.current.user.name, email: state.current.user.email }));
});

/**
 * "Continue to the app": a same-origin POST (the authorization cookie is
 * SameSite=Lax, so another site's form cannot send it; the Origin is
 * checked too), then on to the app's redirect with its one-time code and state.
 */
export const POST = mobileRoute(async (request, context) => {
  const appName = env().APP_NAME;
  const origin = request.headers.get("origin");
  if (origin !== new URL(env().APP_URL).origin && origin !== new URL(request.url).origin) return html(consentErrorPage(appName), 403);
  const state = await browserState();
  const result = await completeAuthorization(context.db, { ...state, now: context.now });
  (await cookies()).delete({ name: AUTHORIZATION_COOKIE, path: AUTHORIZATION_COOKIE_PATH });
  if (!result.ok) return html(consentErrorPage(appName), 400);
  return new Response(null, { status: 303, headers: { location: result.redirectTo, "cache-control": "no-store" } });
});
