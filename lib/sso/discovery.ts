// "Test connection" on Company settings -> Single sign-on: reads an identity
// provider's OpenID Connect discovery document and says, check by check,
// whether the portal can sign staff in through it. Pure apart from the one
// request: the fetch is injectable and nothing here imports next/*.

/** One line of the report: what was checked, whether it passed, and a sentence an administrator can act on. */
export type ConnectionCheck = { label: string; ok: boolean; detail: string };

export type TestConnectionOptions = {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to 5 seconds. */
  timeoutMs?: number;
  /** Refuse discovery documents larger than this; defaults to 100 kB. */
  maxBytes?: number;
  /** Whether http:// issuers are allowed (see `ssoAllowHttp`); otherwise https:// is required. */
  allowHttp: boolean;
};

export const DISCOVERY_TIMEOUT_MS = 5_000;
export const DISCOVERY_MAX_BYTES = 100 * 1024;

export const CHECK_LABELS = {
  reachable: "Reachable",
  issuer: "Issuer matches",
  pkce: "Supports PKCE (S256)",
  email: "Provides email",
} as const;

/**
 * Whether SSO issuers may use plain http: outside production, or with
 * SSO_ALLOW_HTTP=1 (a local identity provider in a test or demo).
 */
export function ssoAllowHttp(env: { NODE_ENV?: string; SSO_ALLOW_HTTP?: string }): boolean {
  return env.NODE_ENV !== "production" || env.SSO_ALLOW_HTTP === "1";
}

/** `<issuer>/.well-known/openid-configuration`, as OpenID Connect Discovery 1.0 section 4 builds it. */
export const discoveryUrl = (issuer: string) => `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;

/** Values from the document are echoed in sentences: keep them short and on one line. */
const quote = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const line = text.replace(/[\u0000-\u001f\u007f]/g, " ");
  return `"${line.length > 200 ? `${line.slice(0, 200)}…` : line}"`;
};

const listOf = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null);

/**
 * Fetches the issuer's discovery document (no redirects followed, a 5-second
 * timeout, at most 100 kB, https unless `allowHttp`) and returns four checks:
 * "Reachable", "Issuer matches", "Supports PKCE (S256)" and "Provides email".
 * Never throws: a network error is a failed "Reachable" with a plain sentence,
 * and the checks that need the document then say they were not made.
 */
export async function testConnection(issuer: string, options: TestConnectionOptions): Promise<ConnectionCheck[]> {
  const read = await readDiscovery(issuer, options);
  if (!read.ok) {
    const skipped = "Not checked: the discovery document could not be read.";
    return [
      { label: CHECK_LABELS.reachable, ok: false, detail: read.detail },
      { label: CHECK_LABELS.issuer, ok: false, detail: skipped },
      { label: CHECK_LABELS.pkce, ok: false, detail: skipped },
      { label: CHECK_LABELS.email, ok: false, detail: skipped },
    ];
  }
  const doc = read.document;
  return [{ label: CHECK_LABELS.reachable, ok: true, detail: `${read.url} answered with a discovery document.` }, issuerCheck(issuer, doc.issuer), pkceCheck(doc), emailCheck(doc)];
}

function issuerCheck(configured: string, found: unknown): ConnectionCheck {
  const label = CHECK_LABELS.issuer;
  if (typeof found !== "string" || found === "") return { label, ok: false, detail: "The discovery document names no issuer." };
  if (found === configured) return { label, ok: true, detail: `The discovery document names ${quote(found)}.` };
  const slashOnly = found.replace(/\/+$/, "") === configured.replace(/\/+$/, "");
  return {
    label,
    ok: false,
    detail:
      `The discovery document names the issuer ${quote(found)}, but the issuer URL here is ${quote(configured)}. They must be exactly equal` +
      (slashOnly ? ": check the trailing slash." : "."),
  };
}

function pkceCheck(doc: Record<string, unknown>): ConnectionCheck {
  const label = CHECK_LABELS.pkce;
  const methods = listOf(doc.code_challenge_methods_supported);
  if (methods?.includes("S256")) return { label, ok: true, detail: "code_challenge_methods_supported includes S256." };
  if (!methods || methods.length === 0) {
    return { label, ok: false, detail: "The discovery document does not list code_challenge_methods_supported: the portal signs in with PKCE (S256) only." };
  }
  return { label, ok: false, detail: `code_challenge_methods_supported lists ${methods.map(quote).join(", ")} but not S256, which the portal requires.` };
}

function emailCheck(doc: Record<string, unknown>): ConnectionCheck {
  const label = CHECK_LABELS.email;
  if (listOf(doc.scopes_supported)?.includes("email")) return { label, ok: true, detail: "scopes_supported includes email." };
  if (listOf(doc.claims_supported)?.includes("email")) return { label, ok: true, detail: "claims_supported includes email." };
  return { label, ok: false, detail: "Neither scopes_supported nor claims_supported includes email: the portal finds each staff member by their email address." };
}

type Read = { ok: true; url: string; document: Record<string, unknown> } | { ok: false; detail: string };

async function readDiscovery(issuer: string, options: TestConnectionOptions): Promise<Read> {
  let parsed: URL;
  try {
    parsed = new URL(issuer);
  } catch {
    return { ok: false, detail: `${quote(issuer)} is not a URL.` };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return { ok: false, detail: "The issuer URL must start with https://." };
  if (parsed.protocol === "http:" && !options.allowHttp) return { ok: false, detail: "The issuer URL must start with https:// (plain http is refused here)." };
  const url = discoveryUrl(issuer);
  const timeoutMs = options.timeoutMs ?? DISCOVERY_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DISCOVERY_MAX_BYTES;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { redirect: "manual", signal, headers: { accept: "application/json" }, cache: "no-store" });
  } catch (error) {
    return { ok: false, detail: networkSentence(error, parsed.host, timeoutMs) };
  }
  try {
    if ((response.status >= 300 && response.status < 400) || response.type === "opaqueredirect") {
      const to = response.headers.get("location");
      return { ok: false, detail: `${url} answered with a redirect (HTTP ${response.status}${to ? ` to ${quote(to)}` : ""}). Redirects are not followed: use the exact issuer URL your identity provider states.` };
    }
    if (response.status !== 200) return { ok: false, detail: `${url} answered HTTP ${response.status} instead of a discovery document. Check the issuer URL.` };
    const body = await readLimited(response, maxBytes, signal);
    if (body === null) return { ok: false, detail: `The discovery document at ${url} is larger than ${Math.round(maxBytes / 1024)} kB, so it was not read.` };
    let document: unknown;
    try {
      document = JSON.parse(body);
    } catch {
      return { ok: false, detail: `${url} answered HTTP 200, but not with JSON. Check the issuer URL.` };
    }
    if (!document || typeof document !== "object" || Array.isArray(document)) return { ok: false, detail: `${url} answered with JSON that is not a discovery document.` };
    return { ok: true, url, document: document as Record<string, unknown> };
  } catch (error) {
    return { ok: false, detail: networkSentence(error, parsed.host, timeoutMs) };
  } finally {
    // Whatever was not read is dropped, so the connection is not left waiting.
    await response.body?.cancel().catch(() => undefined);
  }
}

/** The body as text, or null as soon as it exceeds `maxBytes` (checked on the header and while reading). */
async function readLimited(response: Response, maxBytes: number, signal: AbortSignal): Promise<string | null> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    signal.throwIfAborted();
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    text += decoder.decode(value, { stream: true });
  }
}

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : ms === 1000 ? "1 second" : `${Math.round(ms / 100) / 10} seconds`);

/** A network failure as a sentence: refused, not found, timed out, TLS, or plainly unreachable. */
function networkSentence(error: unknown, host: string, timeoutMs: number): string {
  const name = (error as { name?: string } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") return `${host} did not answer within ${duration(timeoutMs)}.`;
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  const code = cause?.code ?? (error as { code?: string } | null)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return `Could not connect to ${host}: the connection was refused. Check the host and port.`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${host} was not found. Check the host name.`;
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return `${host} closed the connection before answering.`;
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return `${host} did not answer within ${duration(timeoutMs)}.`;
    default:
      if (code && /CERT|SSL|TLS/i.test(code)) return `The TLS certificate of ${host} was not accepted (${code}).`;
      return `Could not reach ${host}.`;
  }
}
