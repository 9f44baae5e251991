import { createCipheriv, randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { connectionForProvider } from "@/lib/sso/connections";
import { createTestDbFile, seedSsoCompany, seedUser } from "@/lib/testing/test-db";
import { rotateSecrets } from "./rotate-keys";
import { isCurrent, keyRingFrom, openSecret, sealSecret } from "./secret-box";

const { db, url } = createTestDbFile();
const oldKey = randomBytes(32).toString("base64");
const newKey = randomBytes(32).toString("base64");
const oldRing = keyRingFrom({ key: oldKey, keyId: "old" });
const ring = keyRingFrom({ key: newKey, keyId: "new", previous: `old:${oldKey}` });

/** The unbound form sealed before secrets were bound to their owner. */
function legacySeal(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(oldKey, "base64"), iv);
  cipher.setAAD(Buffer.from("v1:old:totp"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", "old", iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}

async function userWith(secrets: { totp?: (id: string) => string; pending?: (id: string) => string }) {
  const user = await seedUser(db, { mfaMethod: secrets.totp ? "TOTP" : "NONE" });
  return db.user.update({
    where: { id: user.id },
    data: { totpSecret: secrets.totp?.(user.id) ?? null, pendingTotpSecret: secrets.pending?.(user.id) ?? null },
  });
}

describe("npm run keys:rotate", () => {
  it("re-seals legacy and old-key secrets under the current key for their owner, leaves current ones, and is idempotent", async () => {
    const legacy = await userWith({ totp: () => legacySeal("LEGACYSECRET") });
    const oldKeyed = await userWith({ totp: (id) => sealSecret("OLDSECRET", oldRing, { userId: id, field: "totpSecret" }), pending: (id) => sealSecret("PENDING", oldRing, { userId: id, field: "pendingTotpSecret" }) });
    const current = await userWith({ totp: (id) => sealSecret("CURRENT", ring, { userId: id, field: "totpSecret" }) });
    const first = await rotateSecrets(db, ring, { batchSize: 2 });
    expect(first).toMatchObject({ resealed: 3, current: 1, failed: [] });
    const read = (id: string) => db.user.findUniqueOrThrow({ where: { id } });
    const a = await read(legacy.id);
    expect(isCurrent(a.totpSecret!, ring)).toBe(true);
    expect(openSecret(a.totpSecret!, ring, { userId: a.id, field: "totpSecret" })).toBe("LEGACYSECRET");
    const b = await read(oldKeyed.id);
    expect(openSecret(b.totpSecret!, ring, { userId: b.id, field: "totpSecret" })).toBe("OLDSECRET");
    expect(openSecret(b.pendingTotpSecret!, ring, { userId: b.id, field: "pendingTotpSecret" })).toBe("PENDING");
    expect((await read(current.id)).totpSecret).toBe(current.totpSecret);
    // Without the previous key, everything still opens: nothing is left on the old one.
    const newOnly = keyRingFrom({ key: newKey, keyId: "new" });
    expect(openSecret((await read(oldKeyed.id)).totpSecret!, newOnly, { userId: oldKeyed.id, field: "totpSecret" })).toBe("OLDSECRET");
    expect(await rotateSecrets(db, ring)).toMatchObject({ resealed: 0, current: 4, failed: [] });
  });

  it("stopped halfway, a second run finishes the job; a value no key opens is reported, never dropped", async () => {
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await userWith({ totp: (id) => sealSecret(`S${i}`, oldRing, { userId: id, field: "totpSecret" }) }));
    const lost = await userWith({ totp: (id) => sealSecret("LOST", keyRingFrom({ key: randomBytes(32).toString("base64"), keyId: "gone" }), { userId: id, field: "totpSecret" }) });
    await expect(
      rotateSecrets(db, ring, {
        batchSize: 2,
        onProgress: () => {
          throw new Error("interrupted");
        },
      }),
    ).rejects.toThrow("interrupted");
    const finished = await rotateSecrets(db, ring);
    expect(finished.failed).toEqual([{ userId: lost.id, field: "totpSecret", reason: 'No decryption key with id "gone".' }]);
    for (const [i, u] of users.entries()) {
      const row = await db.user.findUniqueOrThrow({ where: { id: u.id } });
      expect(openSecret(row.totpSecret!, ring, { userId: u.id, field: "totpSecret" })).toBe(`S${i}`);
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: lost.id } })).totpSecret).toBe(lost.totpSecret);
  });

  it("re-seals SSO connections' client secrets too, keeping their last update; one no key opens is reported by connection id", async () => {
    const { connection } = await seedSsoCompany(db, oldRing, { slug: "globex", issuer: "https://idp.globex.test", domains: ["globex.test"] });
    const gone = keyRingFrom({ key: randomBytes(32).toString("base64"), keyId: "gone" });
    const { connection: lost } = await seedSsoCompany(db, gone, { slug: "initech", issuer: "https://idp.initech.test", domains: ["initech.test"] });
    const read = (id: string) => db.ssoConnection.findUniqueOrThrow({ where: { id } });
    const before = await read(connection.id);
    const lostBefore = await read(lost.id);

    const report = await rotateSecrets(db, ring, { batchSize: 1 });
    expect(report.resealed).toBe(1);
    expect(report.failed).toContainEqual({ connectionId: lost.id, field: "ssoClientSecret", reason: 'No decryption key with id "gone".' });
    const after = await read(connection.id);
    expect(isCurrent(after.clientSecret, ring)).toBe(true);
    expect(after.updatedAt).toEqual(before.updatedAt);
    // Only the new key is needed now, as the portal opens it.
    const newOnly = keyRingFrom({ key: newKey, keyId: "new" });
    expect(await connectionForProvider(db, newOnly, "sso-globex")).toMatchObject({ id: connection.id, clientSecret: "globex-client-secret" });
    expect((await read(lost.id)).clientSecret).toBe(lostBefore.clientSecret);

    const again = await rotateSecrets(db, ring);
    expect(again.resealed).toBe(0);
    expect((await read(connection.id)).clientSecret).toBe(after.clientSecret);
  });

  it("the command says what it did and exits 1 when a secret could not be opened", () => {
    const run = spawnSync("node", ["node_modules/tsx/dist/cli.mjs", "scripts/keys-rotate.ts"], {
      env: { ...process.env, DATABASE_URL: url, MFA_ENCRYPTION_KEY: newKey, MFA_ENCRYPTION_KEY_ID: "new", MFA_PREVIOUS_KEYS: `old:${oldKey}` },
      encoding: "utf8",
    });
    expect(run.stdout).toMatch(/Re-sealed 0 secrets under key "new"; \d+ were already current; 2 could not be opened\./);
    expect(run.stderr).toMatch(/ {2}user \S+ totpSecret: No decryption key with id "gone"/);
    expect(run.stderr).toMatch(/ {2}SSO connection \S+ ssoClientSecret: No decryption key with id "gone"/);
    expect(run.status).toBe(1);
  });
});
