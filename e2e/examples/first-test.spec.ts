// A QA engineer's first test: a new user with an authenticator app signs in.
// Copy it next to your own specs and change the import path to the fixtures.
import { expect, test } from "../fixtures";

test("a user with an authenticator signs in with the app's code", { tag: ["@seed:verify-signs-in"] }, async ({ page, portal, users, totp }) => {
  // A fresh account (npm run user:create), its authenticator turned on in Account settings.
  const user = await users.create({ mfa: "authenticator" });

  // The password, then the one-time password page.
  await portal.login.submit(user);
  await expect(portal.otp.heading).toBeVisible();

  // The code the app shows now.
  await portal.otp.submit(totp.now(user.secret!));

  // The portal's home page, signed in.
  await expect(page).toHaveURL("/");
  await portal.expectHome(user);
});
