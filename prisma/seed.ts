import { loadEnvFiles } from "../lib/env-file";

loadEnvFiles();

export const DEMO_PASSWORD = "correct-horse-battery";

async function main() {
  const { db } = await import("../lib/db");
  const { createUser } = await import("../lib/users/create-user");
  const companies = [
    { slug: "acme", name: "Acme Ltd", signInMethod: "PASSWORD" as const },
    { slug: "globex", name: "Globex Corporation", signInMethod: "SSO" as const },
  ];
  for (const company of companies) {
    await db.company.upsert({ where: { slug: company.slug }, update: {}, create: company });
  }
  const users = [
    { email: "alex@acme.test", name: "Alex Morgan", company: "acme", password: DEMO_PASSWORD, role: "admin" as const },
    { email: "bea@acme.test", name: "Bea Turner", company: "acme", password: DEMO_PASSWORD },
    { email: "sam@globex.test", name: "Sam Lee", company: "globex" },
  ];
  for (const user of users) {
    const result = await createUser(db, user);
    if (!result.ok && result.error !== "DUPLICATE_EMAIL") throw new Error(result.message);
  }
  // Alex administers Acme Ltd, also in a database seeded before roles existed.
  await db.user.updateMany({ where: { email: "alex@acme.test" }, data: { role: "ADMIN" } });
  console.log("Demo data ready: Acme Ltd (alex@acme.test, an administrator, and bea@acme.test), Globex Corporation (sam@globex.test, SSO).");
  await db.$disconnect();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
