// The portal's cookie names and options. Served over HTTPS, both carry the
// `__Host-` prefix: the browser then accepts them only with Secure, Path=/
// and no Domain, so a sibling subdomain cannot plant or overwrite them.
import { KNOWN_DEVICE_TTL_MS } from "./known-device";
import { CHALLENGE_TTL_MS } from "./limits";

const servedOverHttps = (appUrl: string | undefined) => (appUrl ?? "").startsWith("https://");

export function challengeCookieFor(appUrl: string | undefined) {
  const https = servedOverHttps(appUrl);
  return {
    name: https ? "__Host-sp_challenge" : "sp_challenge",
    options: {
      httpOnly: true,
      sameSite: "lax" as const,
      secure: https || process.env.NODE_ENV === "production",
      // `__Host-` requires Path=/; over plain HTTP (local demo, tests) it stays on the sign-in pages.
      path: https ? "/" : "/login",
      maxAge: CHALLENGE_TTL_MS / 1000,
    },
  };
}

/** NextAuth's `cookies` option: over HTTPS the session cookie is `__Host-authjs.session-token`; otherwise NextAuth's default. */
export function sessionCookieFor(appUrl: string | undefined) {
  if (!servedOverHttps(appUrl)) return undefined;
  return {
    sessionToken: { name: "__Host-authjs.session-token", options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure: true } },
  };
}

/** The known-device cookie (lib/security/known-device.ts): 90 days, httpOnly, for the whole portal. */
export function deviceCookieFor(appUrl: string | undefined) {
  const https = servedOverHttps(appUrl);
  return {
    name: https ? "__Host-sp_device" : "sp_device",
    options: { httpOnly: true, sameSite: "lax" as const, secure: https || process.env.NODE_ENV === "production", path: "/", maxAge: KNOWN_DEVICE_TTL_MS / 1000 },
  };
}
