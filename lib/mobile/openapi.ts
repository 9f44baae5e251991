// The mobile API's OpenAPI 3.1 description, generated from the zod schemas
// the routes validate with (zod's own JSON Schema output: OpenAPI 3.1 uses
// JSON Schema 2020-12 as it is).
import { z } from "zod/mini";
import { MAX_BODY_BYTES } from "./http";
import {
  authorizeQuery,
  emailCodeRequest,
  emailCodeResponse,
  ERROR_STATUS,
  errorResponse,
  exchangeRequest,
  meResponse,
  otpRequest,
  refreshRequest,
  refreshResponse,
  signInRequest,
  tokensResponse,
  type ErrorCode,
} from "./schemas";

type Schema = z.ZodMiniType;

function jsonSchema(schema: Schema, io: "input" | "output"): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;
  delete generated.$schema; // the document's dialect (OpenAPI 3.1: JSON Schema 2020-12) applies
  return generated;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: string) => ({ required: true, content: { "application/json": { schema: ref(name) } } });
const ok = (description: string, name?: string) => ({ description, ...(name ? { content: { "application/json": { schema: ref(name) } } } : {}) });

/** The error responses of an operation, one per HTTP status, naming the codes each can carry. */
function errors(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, "internal_error", "service_unavailable"] as ErrorCode[]) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [String(status), { description: `error.code: ${list.join(", ")}`, content: { "application/json": { schema: ref("Error") } } }]),
  );
}

const bodyErrors: ErrorCode[] = ["validation_failed", "payload_too_large", "unsupported_media_type"];
const bearer = [{ bearerAuth: [] }];

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Staff Portal mobile API",
      version: "1.0.0",
      description:
        "Sign-in for the Staff Portal mobile apps. As the help article says, the apps ask for no one-time password by default; " +
        "a company whose administrators turned on \"Require MFA in the mobile apps too\" answers mfa_required instead. " +
        `Request bodies are JSON of at most ${MAX_BODY_BYTES / 1024} kB; unknown fields are refused. Errors are { "error": { "code", "message" } } with a stable code.`,
    },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/mobile/v1/sessions": {
        post: {
          operationId: "signIn",
          summary: "Sign in with email and password",
          requestBody: jsonBody("SignInRequest"),
          responses: { "200": ok("Signed in: the device's tokens and the user.", "Tokens"), ...errors([...bodyErrors, "invalid_credentials", "mfa_required", "sso_required", "sign_in_disabled", "too_many_attempts"]) },
        },
      },
      "/api/mobile/v1/sessions/otp": {
        post: {
          operationId: "completeWithCode",
          summary: "Finish a sign-in that answered mfa_required with a one-time password",
          requestBody: jsonBody("OtpRequest"),
          responses: { "200": ok("Signed in.", "Tokens"), ...errors([...bodyErrors, "invalid_code", "challenge_expired", "sign_in_disabled", "too_many_attempts"]) },
        },
      },
      "/api/mobile/v1/sessions/email-code": {
        post: {
          operationId: "emailSignInCode",
          summary: "Email a sign-in code (users whose method is Email)",
          requestBody: jsonBody("EmailCodeRequest"),
          responses: { "200": ok("The code was emailed.", "EmailCodeSent"), ...errors([...bodyErrors, "challenge_expired", "no_email_codes", "too_many_attempts", "email_failed"]) },
        },
      },
      "/api/mobile/v1/sessions/refresh": {
        post: {
          operationId: "refresh",
          summary: "Rotate the refresh token: a new pair; the one sent stops working (sent again, it signs the device out)",
          requestBody: jsonBody("RefreshRequest"),
          responses: { "200": ok("The new tokens.", "RefreshedTokens"), ...errors([...bodyErrors, "invalid_token"]) },
        },
      },
      "/api/mobile/v1/sessions/exchange": {
        post: {
          operationId: "exchangeCode",
          summary: "Exchange the code of a single sign-on in the system browser, with the PKCE code verifier",
          requestBody: jsonBody("ExchangeRequest"),
          responses: { "200": ok("Signed in.", "Tokens"), ...errors([...bodyErrors, "invalid_code"]) },
        },
      },
      "/api/mobile/v1/sessions/current": {
        delete: {
          operationId: "signOut",
          summary: "Sign this device out",
          security: bearer,
          responses: { "204": ok("Signed out."), ...errors(["invalid_token"]) },
        },
      },
      "/api/mobile/v1/me": {
        get: {
          operationId: "me",
          summary: "The signed-in user and device",
          security: bearer,
          responses: { "200": ok("The user.", "Me"), ...errors(["invalid_token"]) },
        },
      },
      "/api/mobile/v1/sso/authorize": {
        get: {
          operationId: "authorize",
          summary: "Opened in the system browser (RFC 8252): the company's single sign-on, the person's confirmation, then a redirect to staffportal://signed-in?code=…&state=…",
          parameters: Object.entries((jsonSchema(authorizeQuery, "input").properties ?? {}) as Record<string, unknown>).map(([name, schema]) => ({
            name,
            in: "query",
            required: true,
            schema,
          })),
          responses: { "307": ok("On to the identity provider."), ...errors(["validation_failed"]) },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "The access token (15 minutes)." } },
      schemas: {
        SignInRequest: jsonSchema(signInRequest, "input"),
        OtpRequest: jsonSchema(otpRequest, "input"),
        EmailCodeRequest: jsonSchema(emailCodeRequest, "input"),
        RefreshRequest: jsonSchema(refreshRequest, "input"),
        ExchangeRequest: jsonSchema(exchangeRequest, "input"),
        Tokens: jsonSchema(tokensResponse, "output"),
        RefreshedTokens: jsonSchema(refreshResponse, "output"),
        Me: jsonSchema(meResponse, "output"),
        EmailCodeSent: jsonSchema(emailCodeResponse, "output"),
        Error: jsonSchema(errorResponse, "output"),
      },
    },
  };
}
