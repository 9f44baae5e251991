/** Runs once when the server starts. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkConfigurationOrExit } = await import("./lib/startup");
  checkConfigurationOrExit();
  // Every request carries the client IP the portal decided (never the client's own X-Forwarded-For).
  const { installClientIpStamp, parseTrustedProxies } = await import("./lib/client-ip");
  installClientIpStamp(parseTrustedProxies(process.env.TRUSTED_PROXIES));
}
