// Where the portal may send a browser after sign-in. The input is checked,
// then normalised, and the *output* is checked again: "/.//evil.example" is
// a harmless-looking path whose normal form "//evil.example" is another site.
const BASE = "https://portal.invalid";

/** "/" or "/" followed by something other than "/" or "\", printable ASCII only. */
function isPlainPath(value: string): boolean {
  return (value === "/" || /^\/[^/\\]/.test(value)) && /^[\x21-\x7e]*$/.test(value) && !value.includes("\\");
}

/** "." or ".." as a path segment, also percent-encoded ("%2e", "%2E%2e"). */
function hasDotSegment(path: string): boolean {
  return path.split("/").some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

/**
 * A same-origin path, or `fallback`: at most 2,048 characters, a single
 * leading "/", no dot segments, no encoded slashes or backslashes, no
 * control, space or non-ASCII characters, checked before and after
 * normalising.
 */
export function safeLocalPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!isPlainPath(value)) return fallback;
  const rawPath = value.split(/[?#]/, 1)[0]!;
  if (hasDotSegment(rawPath) || /%(?:2f|5c)/i.test(rawPath)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (parsed.origin !== BASE) return fallback;
  const result = parsed.pathname + parsed.search + parsed.hash;
  if (!isPlainPath(result) || hasDotSegment(parsed.pathname)) return fallback;
  if (new URL(result, BASE).origin !== BASE) return fallback;
  return result;
}

/**
 * Where to go after sign-in: a safe local path that does not lead back into
 * the sign-in pages, or `fallback`. Used by every place that redirects after
 * sign-in: the sign-in page, its actions, the OTP step and (through
 * `sameOriginRedirect`) NextAuth.
 */
export function sanitizeCallbackUrl(value: unknown, fallback = "/"): string {
  const path = safeLocalPath(value, fallback);
  return /^\/(?:login|api\/auth)(?:[/?#]|$)/.test(path) ? fallback : path;
}

/**
 * NextAuth's `redirect` callback: a URL on the portal's own origin keeps its
 * sanitised path; anything else goes to the portal's home page.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return `${base.origin}/`;
  }
  if (target.origin !== base.origin) return `${base.origin}/`;
  return `${base.origin}${safeLocalPath(url.startsWith("/") ? url : target.pathname + target.search + target.hash)}`;
}
