// The mobile API's HTTP conventions: JSON in (at most 16 kB, strict
// schemas), JSON out, errors as { error: { code, message } } with a stable
// code, never a stack trace.
import type { z } from "zod/mini";
import { isDatabaseUnavailable } from "@/lib/database/unavailable";
import { log } from "@/lib/log";
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from "./schemas";

export const MAX_BODY_BYTES = 16 * 1024;

const MESSAGES: Record<ErrorCode, string> = {
  validation_failed: "The request is not valid.",
  payload_too_large: `The request body is larger than ${MAX_BODY_BYTES / 1024} kB.`,
  unsupported_media_type: "Send the request body as JSON (Content-Type: application/json).",
  invalid_credentials: "Incorrect email or password.",
  invalid_token: "Sign in again.",
  invalid_code: "That code is not valid. Check it and try again.",
  challenge_expired: "This sign-in has expired. Sign in again.",
  mfa_required: "Enter the one-time password from your authenticator app or email.",
  sso_required: "Your company signs in with single sign-on. Continue in the browser.",
  sso_not_configured: "Your company signs in with single sign-on, which is not set up yet. Contact your administrator.",
  mfa_setup_required: "Your company requires multi-factor authentication. Set it up in Staff Portal on the web first.",
  sign_in_disabled: "Sign-in to this account is disabled after too many failed attempts. Ask your administrator.",
  no_email_codes: "This account does not use email codes.",
  too_many_attempts: "Too many attempts. Try again later.",
  email_failed: "The email could not be sent. Try again in a moment.",
  service_unavailable: "Staff Portal is temporarily unavailable. Try again in a minute.",
  internal_error: "Something went wrong. Try again.",
};

const NO_STORE = { "cache-control": "no-store" };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

/** An error response with its stable code; `retryAt` adds retryAfter and the Retry-After header. */
export function apiError(code: ErrorCode, extra: Omit<Partial<ErrorBody>, "code" | "retryAfter"> & { retryAt?: Date; now?: Date } = {}): Response {
  const { retryAt, now, ...fields } = extra;
  const headers: Record<string, string> = {};
  const body: ErrorBody = { code, message: MESSAGES[code], ...fields };
  if (retryAt) {
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - (now ?? new Date()).getTime()) / 1000));
    body.retryAfter = seconds;
    headers["retry-after"] = String(seconds);
  }
  if (code === "invalid_token") headers["www-authenticate"] = 'Bearer error="invalid_token"';
  return json({ error: body }, ERROR_STATUS[code], headers);
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/**
 * Reads a JSON body of at most 16 kB (counted as it streams: a false
 * Content-Length does not help) and checks it against `schema`.
 */
export async function readBody<S extends z.ZodMiniType>(request: Request, schema: S): Promise<Parsed<z.output<S>>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) return { ok: false, response: apiError("unsupported_media_type") };
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return { ok: false, response: apiError("payload_too_large") };
  const text = await readCapped(request);
  if (text === null) return { ok: false, response: apiError("payload_too_large") };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, response: apiError("validation_failed", { message: "The request body is not valid JSON." }) };
  }
  return check(schema, value);
}

/** Checks a value (a parsed body, or a query's parameters) against `schema`: validation_failed with messages per field. */
export function check<S extends z.ZodMiniType>(schema: S, value: unknown): Parsed<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, data: parsed.data as z.output<S> };
  const fields: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k].join(".")) : [issue.path.join(".") || "body"];
    const message = issue.code === "unrecognized_keys" ? "This field is not accepted." : issue.code === "invalid_type" ? `Expected ${issue.expected}.` : issue.message;
    for (const key of keys) (fields[key] ??= []).push(message);
  }
  return { ok: false, response: apiError("validation_failed", { fields }) };
}

async function readCapped(request: Request): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The bearer token of a request, or null. */
export function bearerToken(request: Request): string | null {
  const match = /^Bearer ([^\s]+)$/i.exec(request.headers.get("authorization") ?? "");
  return match ? match[1]! : null;
}

/** The last resort of every mobile route: 503 while the database is down, else 500; logged by name, never sent. */
export function unexpected(error: unknown): Response {
  const name = (error as Error)?.name ?? "Error";
  const databaseDown = isDatabaseUnavailable(error);
  if (!databaseDown) log.error("mobile api error", { name });
  return apiError(databaseDown ? "service_unavailable" : "internal_error");
}
