import { describe, expect, it } from "vitest";
import { decideSsoSignIn, type SsoCandidate } from "./sso-decision";

const sam: SsoCandidate = { id: "sam", ssoSubject: null, companySignInMethod: "SSO" };
const samLinked: SsoCandidate = { ...sam, ssoSubject: "sub-sam" };
const alex: SsoCandidate = { id: "alex", ssoSubject: null, companySignInMethod: "PASSWORD" };
const profile = { sub: "sub-sam", email: "sam@globex.test", email_verified: true };

describe("decideSsoSignIn", () => {
  it("links a known SSO user on first sign-in", () => {
    expect(decideSsoSignIn(profile, null, sam)).toEqual({ allow: true, userId: "sam", linkSubject: true });
  });

  it("matches a linked user on the subject, even after an email change at the IdP", () => {
    expect(decideSsoSignIn({ ...profile, email: "samuel@globex.test" }, samLinked, null)).toEqual({ allow: true, userId: "sam", linkSubject: false });
    // The new email even belongs to someone else: the subject decides, not the email.
    expect(decideSsoSignIn({ ...profile, email: "alex@acme.test" }, samLinked, alex)).toEqual({ allow: true, userId: "sam", linkSubject: false });
  });

  it.each([
    ["no subject", { ...profile, sub: undefined }, null, sam, "NO_SUBJECT"],
    ["empty subject", { ...profile, sub: "" }, null, sam, "NO_SUBJECT"],
    ["no email", { ...profile, email: undefined }, null, sam, "NO_EMAIL"],
    ["unverified email", { ...profile, email_verified: false }, null, sam, "EMAIL_NOT_VERIFIED"],
    ["email_verified as a string", { ...profile, email_verified: "true" }, null, sam, "EMAIL_NOT_VERIFIED"],
    ["unknown email", profile, null, null, "UNKNOWN_USER"],
    ["a user of a password company", { ...profile, email: "alex@acme.test" }, null, alex, "NOT_SSO_COMPANY"],
    ["a user linked to another subject", { ...profile, sub: "sub-intruder" }, null, samLinked, "SUBJECT_MISMATCH"],
    ["a linked user whose company left SSO", profile, { ...samLinked, companySignInMethod: "PASSWORD" }, null, "NOT_SSO_COMPANY"],
  ] as const)("refuses %s", (_label, p, bySubject, byEmail, reason) => {
    expect(decideSsoSignIn(p, bySubject, byEmail)).toEqual({ allow: false, reason });
  });
});
