import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

export const DEMO_PASSWORD = "correct-horse-battery";

async function main() {
  const { env } = await import("../lib/env");
  const { db } = await import("../lib/db");
  const { keyRingFrom } = await import("../lib/mfa/secret-box");
  const { saveConnection } = await import("../lib/sso/connections");
  const { createUser } = await import("../lib/users/create-user");
  const config = env();
  // Connection secrets are sealed under the MFA key ring, as the portal opens them.
  const ring = keyRingFrom({ key: config.MFA_ENCRYPTION_KEY, keyId: config.MFA_ENCRYPTION_KEY_ID, previous: config.MFA_PREVIOUS_KEYS });

  const companies = [
    { slug: "acme", name: "Acme Ltd", signInMethod: "PASSWORD" as const },
    { slug: "globex", name: "Globex Corporation", signInMethod: "SSO" as const },
    { slug: "initech", name: "Initech", signInMethod: "SSO" as const },
  ];
  const ids = new Map<string, string>();
  for (const company of companies) {
    ids.set(company.slug, (await db.company.upsert({ where: { slug: company.slug }, update: {}, create: company, select: { id: true } })).id);
  }

  // Each SSO company's connection: the local identity providers of `npm run demo`
  // (scripts/idp.ts) unless the environment names others. Saved again on every
  // run, so a changed variable reaches the database.
  const connections = [
    {
      slug: "globex",
      issuer: config.SSO_ISSUER ?? "http://127.0.0.1:4000",
      clientId: config.SSO_CLIENT_ID ?? "staff-portal",
      clientSecret: config.SSO_CLIENT_SECRET ?? "staff-portal-local-secret",
      displayName: config.SSO_NAME ?? "Globex SSO",
      domains: ["globex.test"],
    },
    {
      slug: "initech",
      issuer: config.SSO_INITECH_ISSUER ?? "http://127.0.0.1:4001",
      clientId: config.SSO_INITECH_CLIENT_ID ?? "staff-portal-initech",
      clientSecret: config.SSO_INITECH_CLIENT_SECRET ?? "initech-local-secret",
      displayName: "Initech SSO",
      domains: ["initech.test"],
    },
  ];
  for (const { slug, ...connection } of connections) {
    const saved = await saveConnection(db, ring, ids.get(slug)!, { ...connection, enabled: true });
    if (!saved.ok) throw new Error(saved.error === "DOMAIN_TAKEN" ? `${saved.domain} belongs to another company than ${slug}.` : `${slug}: ${saved.error}`);
  }

  const users = [
    { email: "alex@acme.test", name: "Alex Morgan", company: "acme", password: DEMO_PASSWORD, role: "admin" as const },
    { email: "bea@acme.test", name: "Bea Turner", company: "acme", password: DEMO_PASSWORD },
    { email: "sam@globex.test", name: "Sam Lee", company: "globex" },
    { email: "ivy@initech.test", name: "Ivy Chen", company: "initech" },
  ];
  for (const user of users) {
    const result = await createUser(db, user);
    if (!result.ok && result.error !== "DUPLICATE_EMAIL") throw new Error(result.message);
  }
  // Alex administers Acme Ltd, also in a database seeded before roles existed.
  await db.user.updateMany({ where: { email: "alex@acme.test" }, data: { role: "ADMIN" } });
  console.log(
    "Demo data ready: Acme Ltd (alex@acme.test, an administrator, and bea@acme.test), Globex Corporation (sam@globex.test, SSO), Initech (ivy@initech.test, SSO).",
  );
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
