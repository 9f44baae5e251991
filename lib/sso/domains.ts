// Email domains, as the sign-in routes them and administrators type them: pure, for the server and the browser.

const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+$/;

/** "Gina@Globex.TEST " -> "globex.test"; null when there is no domain. */
export function emailDomain(email: string): string | null {
  const text = email.trim();
  const at = text.lastIndexOf("@");
  const domain = at >= 0 ? text.slice(at + 1).toLowerCase() : "";
  return DOMAIN.test(domain) ? domain : null;
}

/** A domain as an administrator types it ("@Globex.test", "it@globex.test" -> "globex.test"), or null when it is not one. */
export const normaliseDomain = (input: string) => emailDomain(`x@${input.trim()}`);
