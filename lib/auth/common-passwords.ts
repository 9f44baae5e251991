import { dictionary } from "@zxcvbn-ts/language-common";
import { errorMessages } from "@/lib/errors";

/**
 * The common-password list of @zxcvbn-ts/language-common (49,233 passwords
 * from breach corpora, most common first), loaded once, on the server only (never
 * imported by browser code: it is about 1 MB).
 */
let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common;
}

export const TOO_COMMON_MESSAGE = errorMessages.PASSWORD_TOO_COMMON;

/**
 * Whether a password is on the common list, compared case-insensitively,
 * also once its trailing digits and symbols are removed ("Password2026!" is
 * "password"; "dragon123456" is "dragon"): the usual way people stretch a
 * common word to a length rule.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return true;
  const stem = lower.replace(/[\d\W_]+$/u, "");
  return stem.length >= 4 && stem !== lower && list.has(stem);
}
