import { describe, expect, it } from "vitest";
import { mfaPanelView } from "./panel";

describe("mfaPanelView", () => {
  it("gives SSO users the managed message and no choice, whatever is stored", () => {
    for (const mfaMethod of ["NONE", "TOTP", "EMAIL"] as const) {
      expect(mfaPanelView({ mfaMethod, company: { signInMethod: "SSO" } })).toEqual({
        kind: "managed",
        message:
          "Your company signs in with single sign-on, so multi-factor authentication is managed by your company's IT team.",
      });
    }
  });

  it("gives password users the select with their current method", () => {
    expect(mfaPanelView({ mfaMethod: "TOTP", company: { signInMethod: "PASSWORD" } })).toEqual({ kind: "choose", method: "TOTP" });
    expect(mfaPanelView({ mfaMethod: "EMAIL", company: { signInMethod: "PASSWORD" } })).toEqual({ kind: "choose", method: "EMAIL" });
    expect(mfaPanelView({ mfaMethod: "NONE", company: { signInMethod: "PASSWORD" } })).toEqual({ kind: "choose", method: "NONE" });
  });
});
