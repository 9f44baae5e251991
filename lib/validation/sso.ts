// Company settings -> Single sign-on: the form's schema, shared by the
// browser (zodResolver) and the server (lib/sso/admin.ts parses again).
// Pure: the browser imports it, so nothing here reaches node:* or the database.
import { z } from "zod/mini";
import { normaliseDomain } from "@/lib/sso/domains";
import { MAX_PASSWORD_LENGTH } from "@/lib/auth/password-policy";

export const MAX_SSO_DOMAINS = 20;

/**
 * A domain as an administrator types it ("@Globex.test" -> "globex.test"), or
 * null. The same rule as `normaliseDomain` in lib/sso/connections.ts (a unit
 * test holds them together), written here so the browser need not load that module.
 */
export const domainOf = normaliseDomain;

const noControl = /^[^\u0000-\u001f\u007f]*$/;
const ISSUER_MESSAGE = "Enter the issuer URL, like https://login.example.com/tenant.";

/** "a.test, b.test\nc.test" -> ["a.test", "b.test", "c.test"]: each checked, duplicates dropped, 1 to 20 of them. */
const domainsField = z.pipe(
  z.string().check(z.maxLength(5_000, `Enter at most ${MAX_SSO_DOMAINS} domains.`)),
  z.transform((text: string, ctx) => {
    const typed = text.split(/[\s,;]+/).filter(Boolean);
    const domains: string[] = [];
    for (const entry of typed) {
      const domain = domainOf(entry);
      if (!domain) {
        ctx.issues.push({ code: "custom", message: `"${entry.slice(0, 80)}" is not an email domain (like example.com).`, input: text });
        return z.NEVER;
      }
      if (!domains.includes(domain)) domains.push(domain);
    }
    if (domains.length === 0) ctx.issues.push({ code: "custom", message: "Enter at least one email domain, like example.com.", input: text });
    else if (domains.length > MAX_SSO_DOMAINS) ctx.issues.push({ code: "custom", message: `Enter at most ${MAX_SSO_DOMAINS} domains.`, input: text });
    return domains;
  }),
);

/**
 * The issuer URL: http(s), no query or fragment, no user name or password;
 * https unless `allowHttp` (outside production, or SSO_ALLOW_HTTP=1). Kept
 * as typed (trimmed): it must equal the discovery document's issuer exactly.
 */
export const issuerField = (options: { allowHttp: boolean }) =>
  z.string().check(
    z.trim(),
    z.minLength(1, ISSUER_MESSAGE),
    z.maxLength(500, "Use at most 500 characters."),
    z.refine((value) => {
      const url = parseUrl(value);
      return !!url && (url.protocol === "https:" || url.protocol === "http:");
    }, ISSUER_MESSAGE),
    z.refine((value) => !value.includes("?") && !value.includes("#"), "The issuer URL has no ? or # part."),
    z.refine((value) => {
      const url = parseUrl(value);
      return !url || (!url.username && !url.password);
    }, "The issuer URL has no user name or password in it."),
    z.refine((value) => options.allowHttp || !value.toLowerCase().startsWith("http:"), "Use an https:// URL."),
  );

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * The Single sign-on form. The client secret is write-only: empty keeps the
 * stored one (the server requires it when there is none). The current
 * password and `confirm` are needed only for a change of issuer or of
 * whether single sign-on is on; the server decides which.
 */
export const ssoSettingsSchema = (options: { allowHttp: boolean }) =>
  z.object({
    issuer: issuerField(options),
    clientId: z.string().check(
      z.trim(),
      z.minLength(1, "Enter the client ID."),
      z.maxLength(200, "Use at most 200 characters."),
      z.regex(noControl, "Use letters, digits and punctuation only."),
    ),
    clientSecret: z.optional(
      z.string().check(z.trim(), z.maxLength(500, "Use at most 500 characters."), z.regex(noControl, "Use letters, digits and punctuation only.")),
    ),
    displayName: z.string().check(
      z.trim(),
      z.minLength(1, "Enter the name staff see on the sign-in page."),
      z.maxLength(60, "Use at most 60 characters."),
      z.regex(noControl, "Use letters, digits and punctuation only."),
    ),
    domains: domainsField,
    enabled: z.boolean(),
    currentPassword: z.optional(z.string().check(z.maxLength(MAX_PASSWORD_LENGTH))),
    confirm: z.optional(z.boolean()),
    /** The connection's version the form was drawn from (lib/sso/connections.ts connectionVersion); the server refuses a save over a newer one. */
    version: z.optional(z.string().check(z.maxLength(40))),
  });

export type SsoSettingsInput = z.input<ReturnType<typeof ssoSettingsSchema>>;
export type SsoSettingsOutput = z.output<ReturnType<typeof ssoSettingsSchema>>;

/** "Test connection": the issuer field alone. */
export const testSsoConnectionSchema = (options: { allowHttp: boolean }) => z.object({ issuer: issuerField(options) });
export type TestSsoConnectionInput = z.input<ReturnType<typeof testSsoConnectionSchema>>;
