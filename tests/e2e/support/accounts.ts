/** Account helpers that drive the real UI (no shortcuts through the DB). */
import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const DEMO_INSTRUCTOR = { email: "instructor@kubelab.local", password: "kubelab-demo" };

export function newLearner() {
  const id = randomUUID().slice(0, 8);
  return { name: `Learner ${id}`, email: `learner-${id}@example.com`, password: `pw-${randomUUID()}` };
}

export async function signUp(page: Page, who: { name: string; email: string; password: string }): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/learning$/);
  await expect(page.getByRole("heading", { name: "My learning" })).toBeVisible();
}

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/learning$/);
}

/** Submits the sign-in form and returns the alert text it shows. */
export async function failedSignIn(page: Page, email: string, password: string): Promise<string> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // the form's own alert (Next also renders a route announcer with role="alert")
  const alert = page.locator('.alert[role="alert"]');
  await expect(alert).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  return (await alert.innerText()).trim();
}
