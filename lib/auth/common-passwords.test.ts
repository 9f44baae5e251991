import { describe, expect, it } from "vitest";
import { isCommonPassword } from "./common-passwords";

describe("isCommonPassword", () => {
  it.each(["123qweasdzxc", "1qaz2wsx3edc", "qwertyuiop12", "Password2026!", "dragon123456", "PASSWORD123456", "iloveyou1234", "football#2026"])(
    "refuses %s",
    (password) => expect(isCommonPassword(password)).toBe(true),
  );

  it.each(["correct-horse-battery", "long-enough-password", "violet tram 42 kettle", "x8#Qv!p2Lm9z", "2026"])("accepts %s", (password) =>
    expect(isCommonPassword(password)).toBe(false),
  );
});
