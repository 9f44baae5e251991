import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** Encryption keys for TOTP secrets: the current one encrypts, any listed one decrypts. */
export type KeyRing = { currentId: string; keys: Record<string, Buffer> };

export class SecretBoxError extends Error {}

const VERSION = "v1";

/**
 * AES-256-GCM with a random 96-bit IV. The stored form names the key id
 * (`v1:<keyId>:<iv>:<ciphertext>:<tag>`), so keys can be rotated; the key id
 * and the purpose are authenticated as associated data.
 */
export function sealSecret(plaintext: string, ring: KeyRing, purpose = "totp"): string {
  const key = ring.keys[ring.currentId];
  if (!key) throw new SecretBoxError(`No encryption key with id "${ring.currentId}".`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}:${ring.currentId}:${purpose}`));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, ring.currentId, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}

/** Decrypts a value from `sealSecret`; a tampered or unknown value throws SecretBoxError. */
export function openSecret(sealed: string, ring: KeyRing, purpose = "totp"): string {
  const parts = sealed.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretBoxError("Unrecognised encrypted secret.");
  const [, keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const key = ring.keys[keyId];
  if (!key) throw new SecretBoxError(`No decryption key with id "${keyId}".`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(`${VERSION}:${keyId}:${purpose}`));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("Encrypted secret failed authentication (tampered or wrong key).");
  }
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
