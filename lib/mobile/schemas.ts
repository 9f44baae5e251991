// The mobile API's request and response shapes: the routes validate with
// these zod schemas, and the OpenAPI document (./openapi.ts) is generated
// from the same ones. Requests are strict: an unknown field is refused.
import { z } from "zod/mini";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { emailSchema } from "@/lib/validation/auth";

const deviceName = z.string().check(
  z.trim(),
  // No control or format characters (a right-to-left override would make a row of Active sessions read as another).
  z.regex(/^[^\p{Cc}\p{Cf}]*$/u, "Use letters, digits, spaces and punctuation only in the device name."),
  z.minLength(1, "Name the device (for example \"Bea's iPhone\")."),
  z.maxLength(100, "Use at most 100 characters for the device name."),
);
const opaque = (what: string) => z.string().check(z.minLength(1, `${what} is required.`), z.maxLength(200, `${what} is not valid.`));

export const signInRequest = z.strictObject({
  email: emailSchema,
  password: z.string().check(z.minLength(1, "Enter your password."), z.maxLength(MAX_PASSWORD_LENGTH, "Incorrect email or password.")),
  deviceName,
});

export const refreshRequest = z.strictObject({ refreshToken: opaque("refreshToken") });

export const otpRequest = z.strictObject({
  challengeToken: opaque("challengeToken"),
  code: z.string().check(z.minLength(1, "Enter the code."), z.maxLength(32, "Enter the 6-digit code.")),
  deviceName,
});

export const emailCodeRequest = z.strictObject({ challengeToken: opaque("challengeToken") });

/** RFC 7636: 43 to 128 characters of [A-Za-z0-9-._~]. */
const codeVerifier = z.string().check(z.regex(/^[A-Za-z0-9._~-]{43,128}$/, "codeVerifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' or '~'."));

export const exchangeRequest = z.strictObject({ code: opaque("code"), codeVerifier });

/** The query of the system browser's GET /api/mobile/v1/sso/authorize. */
export const authorizeQuery = z.strictObject({
  email: emailSchema,
  deviceName,
  codeChallenge: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, "codeChallenge must be the base64url SHA-256 of the code verifier (43 characters).")),
  codeChallengeMethod: z.literal("S256", "Only S256 is supported."),
  state: z.string().check(z.minLength(1, "state is required."), z.maxLength(200, "Use at most 200 characters for state.")),
});

const user = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  company: z.object({ name: z.string(), slug: z.string() }),
});

export const tokensResponse = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string().check(z.iso.datetime()),
  refreshToken: z.string(),
  user,
});

export const refreshResponse = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: z.string().check(z.iso.datetime()),
  refreshToken: z.string(),
});

export const meResponse = z.object({ user, device: z.object({ id: z.string() }) });

export const emailCodeResponse = z.object({ resendAvailableAt: z.string().check(z.iso.datetime()) });

/** The stable error codes, with the HTTP status each is sent with. */
export const ERROR_STATUS = {
  validation_failed: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  invalid_credentials: 401,
  invalid_token: 401,
  invalid_code: 401,
  challenge_expired: 401,
  mfa_required: 401,
  sso_required: 403,
  sso_not_configured: 403,
  mfa_setup_required: 403,
  sign_in_disabled: 403,
  no_email_codes: 409,
  too_many_attempts: 429,
  email_failed: 503,
  service_unavailable: 503,
  internal_error: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export const errorResponse = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    /** too_many_attempts: seconds until a new attempt can succeed (also the Retry-After header). */
    retryAfter: z.optional(z.number()),
    /** validation_failed: messages per field. */
    fields: z.optional(z.record(z.string(), z.array(z.string()))),
    /** mfa_required: the token of this sign-in for /sessions/otp and /sessions/email-code (10 minutes). */
    challengeToken: z.optional(z.string()),
    /** mfa_required: the user's method. */
    method: z.optional(z.enum(["TOTP", "EMAIL"])),
    /** sso_required: the address the app opens in the system browser, adding its PKCE parameters. */
    authorizeUrl: z.optional(z.string()),
  }),
});
export type ErrorBody = z.infer<typeof errorResponse>["error"];
