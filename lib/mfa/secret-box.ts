import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Encryption keys for TOTP secrets: the current one encrypts, any listed one decrypts. */
export type KeyRing = { currentId: string; keys: Record<string, Buffer> };

export class SecretBoxError extends Error {}

const VERSION = "v2";
/** Before secrets were bound to their owner: opened only by `npm run keys:rotate`, which re-seals them. */
const LEGACY_VERSION = "v1";

/** Whose secret a ciphertext is, and in which column: authenticated, so a ciphertext moved elsewhere fails to open. */
export type SecretOwner =
  | { userId: string; field: "totpSecret" | "pendingTotpSecret" }
  /** An SSO connection's client secret (lib/sso/connections.ts). */
  | { connectionId: string; field: "ssoClientSecret" };

const ownerId = (owner: SecretOwner) => ("userId" in owner ? owner.userId : `sso-connection:${owner.connectionId}`);
const associatedData = (version: string, keyId: string, owner: SecretOwner) => Buffer.from(`${version}:${keyId}:${ownerId(owner)}:${owner.field}`);

/**
 * AES-256-GCM with a random 96-bit IV. The stored form names the key id
 * (`v2:<keyId>:<iv>:<ciphertext>:<tag>`), so keys can be rotated; the key id,
 * the owner's user id and the column are authenticated as associated data,
 * so user B's row cannot borrow user A's sealed secret.
 */
export function sealSecret(plaintext: string, ring: KeyRing, owner: SecretOwner): string {
  const key = ring.keys[ring.currentId];
  if (!key) throw new SecretBoxError(`No encryption key with id "${ring.currentId}".`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(associatedData(VERSION, ring.currentId, owner));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, ring.currentId, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}

/** The key id a sealed value names, and whether it is the owner-bound form (what `keys:rotate` looks at). */
export function sealedForm(sealed: string): { version: string; keyId: string } | null {
  const [version, keyId] = sealed.split(":");
  return version && keyId ? { version, keyId } : null;
}

/**
 * Decrypts a value from `sealSecret` for its owner; a tampered value, one of
 * another user or column, or an unknown key throws SecretBoxError. `legacy`
 * (for `keys:rotate` only) also opens the older unbound form.
 */
export function openSecret(sealed: string, ring: KeyRing, owner: SecretOwner, options: { legacy?: boolean } = {}): string {
  const parts = sealed.split(":");
  const version = parts[0];
  const legacy = options.legacy === true && version === LEGACY_VERSION;
  if (parts.length !== 5 || (version !== VERSION && !legacy)) throw new SecretBoxError("Unrecognised encrypted secret.");
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const key = ring.keys[keyId];
  if (!key) throw new SecretBoxError(`No decryption key with id "${keyId}".`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(legacy ? Buffer.from(`${LEGACY_VERSION}:${keyId}:totp`) : associatedData(VERSION, keyId, owner));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("Encrypted secret failed authentication (tampered, another owner's, or wrong key).");
  }
}

/** Whether a sealed value is already in the current form under the ring's current key. */
export function isCurrent(sealed: string, ring: KeyRing): boolean {
  const form = sealedForm(sealed);
  return form?.version === VERSION && form.keyId === ring.currentId;
}

/**
 * Builds the key ring from configuration: MFA_ENCRYPTION_KEY (base64, 32 bytes)
 * under MFA_ENCRYPTION_KEY_ID, plus MFA_PREVIOUS_KEYS as "id:base64,id:base64".
 */
export function keyRingFrom(config: { key?: string; keyId: string; previous?: string }): KeyRing {
  if (!config.key) throw new SecretBoxError("MFA_ENCRYPTION_KEY is not set: multi-factor authentication needs it.");
  const keys: Record<string, Buffer> = {};
  for (const entry of (config.previous ?? "").split(",").filter(Boolean)) {
    const [id, value] = entry.split(":");
    if (!id || !value) throw new SecretBoxError("MFA_PREVIOUS_KEYS must look like id:base64key,id:base64key.");
    keys[id.trim()] = decodeKey(value.trim());
  }
  keys[config.keyId] = decodeKey(config.key);
  return { currentId: config.keyId, keys };
}

function decodeKey(value: string): Buffer {
  const key = Buffer.from(value, "base64");
  if (key.length !== 32) throw new SecretBoxError("An MFA encryption key must be 32 bytes, base64-encoded.");
  return key;
}
