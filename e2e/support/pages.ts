import { expect, type Page } from "@playwright/test";
import type { TestUser } from "./users";

/** Fills the password step as a user would. */
export async function submitPassword(page: Page, user: Pick<TestUser, "email" | "password">, path = "/login") {
  await page.goto(path);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in a user without MFA and waits for the portal. */
export async function signIn(page: Page, user: TestUser) {
  await submitPassword(page, user);
  await expect(page.getByRole("button", { name: user.name })).toBeVisible();
}

export async function openAccountSettings(page: Page, name: string) {
  await page.getByRole("button", { name }).click();
  await page.getByRole("menuitem", { name: "My details / settings" }).click();
  await page.getByRole("link", { name: "Account settings" }).click();
  await expect(page.getByRole("heading", { name: "Account settings" })).toBeVisible();
}

export async function signOut(page: Page, name: string) {
  await page.getByRole("button", { name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

/** The form's own alert (Next's route announcer also has role alert). */
export function formAlert(page: Page) {
  return page.getByRole("main").getByRole("alert");
}
