// npm run sso:connect -- --company <slug> --issuer <url> --client-id <id> --client-secret-stdin --domains <domain>[,<domain>] [--name "<button label>"] [--disabled]
// Creates or replaces a company's single sign-on connection (its OpenID
// Connect identity provider and the email domains routed to it), and with it
// the company's sign-in method.
import { parseArgs } from "node:util";
import { readSecretFromStdin } from "./read-secret";
import type { z } from "zod/mini";
import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

const usage =
  'Usage: npm run sso:connect -- --company <slug> --issuer <https://idp.example> --client-id <id> --client-secret-stdin --domains <domain>[,<domain>] [--name "<Company> SSO"] [--disabled]\n' +
  "The client secret is read from standard input (typed at a prompt, or piped: printf '%s\\n' \"$SECRET\" | npm run sso:connect -- ... --client-secret-stdin).\n" +
  "Without --client-secret-stdin the stored secret is kept (a new connection needs one).";

// The form's names of the fields, as this command's options.
const OPTION: Record<string, string> = {
  issuer: "--issuer",
  clientId: "--client-id",
  clientSecret: "--client-secret-stdin",
  displayName: "--name",
  domains: "--domains",
};

const readSecret = () => readSecretFromStdin("Client secret: ");

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        company: { type: "string" },
        issuer: { type: "string" },
        "client-id": { type: "string" },
        "client-secret-stdin": { type: "boolean", default: false },
        domains: { type: "string" },
        name: { type: "string" },
        disabled: { type: "boolean", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 1;
  }
  if (!values.company || !values.issuer || !values["client-id"] || !values.domains) {
    console.error(usage);
    return 1;
  }

  const { env, EnvError } = await import("../lib/env");
  let config;
  try {
    config = env();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(error.message);
    return 1;
  }

  const production = config.NODE_ENV === "production";
  // The Single sign-on form's own rules: http only outside production, or with SSO_ALLOW_HTTP=1.
  const allowHttp = !production || config.SSO_ALLOW_HTTP === "1";
  const { ssoSettingsSchema } = await import("../lib/validation/sso");
  const schema = ssoSettingsSchema({ allowHttp });
  const check = (input: z.input<typeof schema>) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    const told = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (told.has(field)) continue; // the first problem of each option
      told.add(field);
      const httpRefused = field === "issuer" && !allowHttp && /^http:/i.test(input.issuer.trim());
      const hint = httpRefused ? " SSO_ALLOW_HTTP=1 allows http in production, for a local identity provider only." : "";
      console.error(`${OPTION[field] ?? field}: ${issue.message}${hint}`);
    }
    return null;
  };

  const { keyRingFrom, SecretBoxError } = await import("../lib/mfa/secret-box");
  let ring;
  try {
    ring = keyRingFrom({ key: config.MFA_ENCRYPTION_KEY, keyId: config.MFA_ENCRYPTION_KEY_ID, previous: config.MFA_PREVIOUS_KEYS });
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    console.error(`${error.message} The client secret is stored encrypted with it.`);
    return 1;
  }

  const { db } = await import("../lib/db");
  const { connectionOf, saveConnection } = await import("../lib/sso/connections");
  const { findCompanyBySlug } = await import("../lib/users/store");
  try {
    const slug = values.company.trim();
    const company = await findCompanyBySlug(db, slug);
    if (!company) {
      console.error(`No company with slug "${slug}".`);
      return 1;
    }
    const input = {
      issuer: values.issuer,
      clientId: values["client-id"],
      // Left out, the name stays what it was ("<Company> SSO" for a new connection).
      displayName: values.name ?? (await connectionOf(db, company.id))?.displayName ?? `${company.name} SSO`,
      domains: values.domains,
      enabled: !values.disabled,
    };
    // Checked before the secret is asked for, and again with it.
    if (!check(input)) return 1;
    let clientSecret: string | undefined;
    if (values["client-secret-stdin"]) {
      clientSecret = await readSecret();
      if (!clientSecret?.trim()) {
        console.error("No client secret on standard input.");
        return 1;
      }
    }
    const checked = check({ ...input, clientSecret });
    if (!checked) return 1;
    const result = await saveConnection(db, ring, company.id, {
      issuer: checked.issuer,
      clientId: checked.clientId,
      clientSecret: checked.clientSecret || undefined,
      displayName: checked.displayName,
      domains: checked.domains,
      enabled: checked.enabled,
    });
    if (!result.ok) {
      const why =
        result.error === "DOMAIN_TAKEN"
          ? `${result.domain} belongs to another company.`
          : "a new connection needs its client secret (--client-secret-stdin).";
      console.error(`Could not connect ${company.name}: ${why}`);
      return 1;
    }
    const { after } = result;
    const connection = `${after.displayName} (${after.domains.join(", ")}) at ${after.issuer}`;
    console.log(after.enabled ? `${company.name} signs in with ${connection}.` : `${company.name} signs in with passwords; ${connection} is saved but disabled.`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`sso:connect failed: ${error.message}`);
    process.exit(1);
  },
);
