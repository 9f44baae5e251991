/**
 * Keeps only same-origin paths: "/settings?x=1" passes; "//evil.example",
 * "/\\evil.example", absolute URLs and "javascript:" fall back to "/".
 */
export function sanitizeCallbackUrl(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters and backslashes can be normalised by browsers into a host.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const parsed = new URL(value, "http://portal.invalid");
    if (parsed.origin !== "http://portal.invalid") return fallback;
    if (parsed.pathname.startsWith("/login") || parsed.pathname.startsWith("/api/auth")) return fallback;
    return parsed.pathname + parsed.search + parsed.hash;
  } catch {
    return fallback;
  }
}
