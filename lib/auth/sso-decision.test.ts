import { describe, expect, it } from "vitest";
import { decideSsoSignIn, GOOGLE_ISSUER, type SsoDecision, type SsoEmailUser, type SsoLinkedUser, type SsoProfile, type SsoSignInConnection } from "./sso-decision";

const GLOBEX_IDP = "http://127.0.0.1:4000";
const INITECH_IDP = "http://127.0.0.1:4001";
/** One multi-tenant issuer that two companies both connect to. */
const SHARED_IDP = "https://login.shared.test";

const globex: SsoSignInConnection = { issuer: GLOBEX_IDP, companyId: "globex", domains: ["globex.test", "globex-corp.test"] };
const initech: SsoSignInConnection = { issuer: INITECH_IDP, companyId: "initech", domains: ["initech.test"] };
const hooliShared: SsoSignInConnection = { issuer: SHARED_IDP, companyId: "hooli", domains: ["hooli.test"] };
const piedPiperShared: SsoSignInConnection = { issuer: SHARED_IDP, companyId: "piedpiper", domains: ["piedpiper.test"] };

// Users as the lookups return them: by their link (bySubject) or by email (byEmail).
const linked = (id: string, companyId: string): SsoLinkedUser => ({ id, companyId });
const samUnlinked: SsoEmailUser = { id: "sam", companyId: "globex", ssoIssuer: null, ssoSubject: null };
const ginaLinked: SsoEmailUser = { id: "gina", companyId: "globex", ssoIssuer: GLOBEX_IDP, ssoSubject: "globex-gina" };
const ginaUnlinked: SsoEmailUser = { ...ginaLinked, ssoIssuer: null, ssoSubject: null };
const ivyUnlinked: SsoEmailUser = { id: "ivy", companyId: "initech", ssoIssuer: null, ssoSubject: null };
const alexOfAcme: SsoEmailUser = { id: "alex", companyId: "acme", ssoIssuer: null, ssoSubject: null };
const richardShared: SsoEmailUser = { id: "richard", companyId: "piedpiper", ssoIssuer: SHARED_IDP, ssoSubject: "shared-richard" };

const signIn = (sub: unknown, email: unknown, ...verified: [unknown?]): SsoProfile => ({ sub, email, email_verified: verified.length ? verified[0] : true });
const allow = (userId: string, link: boolean): SsoDecision => ({ allow: true, userId, link });
const refuse = (reason: Extract<SsoDecision, { allow: false }>["reason"]): SsoDecision => ({ allow: false, reason });

type Row = [label: string, connection: SsoSignInConnection, profile: SsoProfile, bySubject: SsoLinkedUser | null, byEmail: SsoEmailUser | null, expected: SsoDecision];

const table: Row[] = [
  // The claims the IdP must send.
  ["no subject", globex, signIn(undefined, "sam@globex.test"), null, samUnlinked, refuse("NO_SUBJECT")],
  ["an empty subject", globex, signIn("", "sam@globex.test"), null, samUnlinked, refuse("NO_SUBJECT")],
  ["a numeric subject", globex, signIn(42, "sam@globex.test"), null, samUnlinked, refuse("NO_SUBJECT")],
  ["no email", globex, signIn("globex-sam", undefined), null, samUnlinked, refuse("NO_EMAIL")],
  ["a blank email", globex, signIn("globex-sam", "  "), null, samUnlinked, refuse("NO_EMAIL")],
  ["an unverified email", globex, signIn("globex-sam", "sam@globex.test", false), null, samUnlinked, refuse("EMAIL_NOT_VERIFIED")],
  ['email_verified as the string "true"', globex, signIn("globex-sam", "sam@globex.test", "true"), null, samUnlinked, refuse("EMAIL_NOT_VERIFIED")],
  ["email_verified missing", globex, signIn("globex-sam", "sam@globex.test", undefined), null, samUnlinked, refuse("EMAIL_NOT_VERIFIED")],
  ["a linked user whose email is no longer verified", globex, signIn("globex-gina", "gina@globex.test", false), linked("gina", "globex"), ginaLinked, refuse("EMAIL_NOT_VERIFIED")],

  // First sign-in: links by email, within the connection's domains and company.
  ["first sign-in of a user of the connection's company", globex, signIn("globex-sam", "sam@globex.test"), null, samUnlinked, allow("sam", true)],
  ["first sign-in, the domain in another case", globex, signIn("globex-sam", "Sam@GLOBEX.Test"), null, samUnlinked, allow("sam", true)],
  ["first sign-in on the connection's second domain", globex, signIn("globex-sam", "sam@globex-corp.test"), null, samUnlinked, allow("sam", true)],
  ["first sign-in of an email nobody has", globex, signIn("globex-new", "nobody@globex.test"), null, null, refuse("UNKNOWN_USER")],
  ["first sign-in with a domain of another company", globex, signIn("globex-x", "alex@acme.test"), null, alexOfAcme, refuse("DOMAIN_NOT_ALLOWED")],
  ["first sign-in with a look-alike domain", globex, signIn("globex-x", "sam@globex.test.evil.test"), null, null, refuse("DOMAIN_NOT_ALLOWED")],
  ["first sign-in with a subdomain", globex, signIn("globex-x", "sam@eu.globex.test"), null, null, refuse("DOMAIN_NOT_ALLOWED")],
  ["first sign-in with no domain at all", globex, signIn("globex-x", "sam"), null, null, refuse("DOMAIN_NOT_ALLOWED")],
  ["first sign-in of a user already linked to another subject", globex, signIn("globex-intruder", "gina@globex.test"), null, ginaLinked, refuse("ALREADY_LINKED")],
  [
    "first sign-in of a user linked to the same subject string at another issuer",
    globex,
    signIn("globex-gina", "gina@globex.test"),
    null,
    { ...ginaLinked, ssoIssuer: INITECH_IDP },
    refuse("ALREADY_LINKED"),
  ],
  // A domain listed by the connection whose user is of another company (never saved so, but the decision still refuses).
  ["first sign-in reaching a user of another company", { ...globex, domains: ["globex.test", "acme.test"] }, signIn("globex-x", "alex@acme.test"), null, alexOfAcme, refuse("OTHER_COMPANY")],

  // Linked: matched on (issuer, subject), whatever the email now is.
  ["a linked user", globex, signIn("globex-gina", "gina@globex.test"), linked("gina", "globex"), ginaLinked, allow("gina", false)],
  ["a linked user after an email change at the IdP", globex, signIn("globex-gina", "gina.rossi@globex.test"), linked("gina", "globex"), null, allow("gina", false)],
  ["a linked user whose new email is outside the connection's domains", globex, signIn("globex-gina", "gina@gmail.test"), linked("gina", "globex"), null, allow("gina", false)],
  ["a linked user whose new email is another user's", globex, signIn("globex-gina", "sam@globex.test"), linked("gina", "globex"), samUnlinked, allow("gina", false)],

  // The bug of issue 14: Ivy's Initech account renamed to gina@globex.test.
  ["Ivy's unlinked Initech subject renamed to gina@globex.test, through Initech", initech, signIn("initech-ivy", "gina@globex.test"), null, ginaUnlinked, refuse("DOMAIN_NOT_ALLOWED")],
  ["Ivy's linked Initech subject renamed to gina@globex.test, through Initech: still Ivy", initech, signIn("initech-ivy", "gina@globex.test"), linked("ivy", "initech"), ginaLinked, allow("ivy", false)],
  ["Ivy's Initech subject renamed to gina@globex.test, through Globex (no link at that issuer)", globex, signIn("initech-ivy", "gina@globex.test"), null, ginaLinked, refuse("ALREADY_LINKED")],
  ["an Initech subject claiming an Initech email through Globex", globex, signIn("initech-ivy", "ivy@initech.test"), null, ivyUnlinked, refuse("DOMAIN_NOT_ALLOWED")],

  // A subject of one connection never reaches a user of another company, even on a shared issuer.
  ["a shared issuer's subject linked to a user of the other company", hooliShared, signIn("shared-richard", "richard@piedpiper.test"), linked("richard", "piedpiper"), richardShared, refuse("OTHER_COMPANY")],
  ["the same subject renamed into the connection's domain", hooliShared, signIn("shared-richard", "gavin@hooli.test"), linked("richard", "piedpiper"), null, refuse("OTHER_COMPANY")],
  ["the same subject through its own company's connection", piedPiperShared, signIn("shared-richard", "richard@piedpiper.test"), linked("richard", "piedpiper"), richardShared, allow("richard", false)],
];

describe("decideSsoSignIn", () => {
  it.each(table)("%s", (_label, connection, profile, bySubject, byEmail, expected) => {
    expect(decideSsoSignIn(profile, connection, bySubject, byEmail)).toEqual(expected);
  });

  it("links only on a first sign-in that is allowed", () => {
    for (const [, connection, profile, bySubject, byEmail] of table) {
      const decision = decideSsoSignIn(profile, connection, bySubject, byEmail);
      if (decision.allow && decision.link) {
        expect(bySubject).toBeNull();
        expect(byEmail).toMatchObject({ id: decision.userId, companyId: connection.companyId, ssoSubject: null });
      }
    }
  });

  it("never allows a user of another company than the connection's", () => {
    for (const [, connection, profile, bySubject, byEmail] of table) {
      const decision = decideSsoSignIn(profile, connection, bySubject, byEmail);
      if (!decision.allow) continue;
      const user = [bySubject, byEmail].find((u) => u?.id === decision.userId);
      expect(user?.companyId).toBe(connection.companyId);
    }
  });
});

describe("through Google, whose issuer serves every Google account", () => {
  const google = { issuer: GOOGLE_ISSUER, companyId: "globex", domains: ["globex.test"] };
  const gina = { id: "gina", companyId: "globex", ssoIssuer: null, ssoSubject: null };
  const profile = { sub: "g-1", email: "gina@globex.test", email_verified: true };
  it.each([
    ["a Workspace account of the company's domain", { ...profile, hd: "globex.test" }, { allow: true, userId: "gina", link: true }],
    ["a personal Google account using the company's address (no hd)", profile, { allow: false, reason: "HOSTED_DOMAIN" }],
    ["a Workspace account of another domain", { ...profile, hd: "initech.test" }, { allow: false, reason: "HOSTED_DOMAIN" }],
  ])("%s", (_, claims, expected) => {
    expect(decideSsoSignIn(claims, google, null, gina)).toEqual(expected);
  });
  it("holds for an already linked account too", () => {
    expect(decideSsoSignIn(profile, google, { id: "gina", companyId: "globex" }, null)).toEqual({ allow: false, reason: "HOSTED_DOMAIN" });
  });
});
