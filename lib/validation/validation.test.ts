import { describe, expect, it } from "vitest";
import { changePasswordSchema, fieldErrors, signInSchema } from "./auth";
import { codeFormSchema } from "./mfa";

describe("one-time password input", () => {
  it.each(["123456", "123 456", "123-456", " 123456 "])("accepts %j as 123456", (code) => {
    expect(codeFormSchema.safeParse({ code })).toEqual({ success: true, data: { code: "123456" } });
  });
  it.each(["", "      ", "12345", "1234567", "12a456", "١٢٣٤٥٦", "1".repeat(10_240)])("refuses %j", (code) => {
    const parsed = codeFormSchema.safeParse({ code });
    expect(parsed.success).toBe(false);
  });
  it("refuses a non-string", () => {
    expect(codeFormSchema.safeParse({ code: 123456 }).success).toBe(false);
  });
});

describe("sign-in and password forms", () => {
  it("normalises the email and caps the password length", () => {
    expect(signInSchema.parse({ email: "  Alex@Acme.TEST ", password: "x" }).email).toBe("alex@acme.test");
    expect(signInSchema.safeParse({ email: "alex@acme.test", password: "x".repeat(257) }).success).toBe(false);
    expect(signInSchema.safeParse({ email: "not-an-email", password: "x" }).success).toBe(false);
  });

  it("explains a weak, mismatched or unchanged new password on the right field", () => {
    const parse = (v: Record<string, string>) => {
      const r = changePasswordSchema.safeParse(v);
      return r.success ? {} : fieldErrors(r.error);
    };
    expect(parse({ currentPassword: "old-password-1", newPassword: "short", confirmPassword: "short" }).newPassword).toEqual([
      "Use at least 12 characters.",
    ]);
    expect(parse({ currentPassword: "old-password-1", newPassword: "new-password-12", confirmPassword: "new-password-13" }).confirmPassword).toEqual([
      "The passwords don't match.",
    ]);
    expect(parse({ currentPassword: "same-password-1", newPassword: "same-password-1", confirmPassword: "same-password-1" }).newPassword).toEqual([
      "Choose a password different from your current one.",
    ]);
  });
});
