import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_INSTRUCTOR, failedSignIn, newLearner, signIn, signUp } from "./support/accounts";

test("a learner gets a real 403 with a friendly page from /instructor", async ({ page }) => {
  await signUp(page, newLearner());
  const response = await page.goto("/instructor");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This page is not for your account" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to My learning" })).toBeVisible();
  // the header offers no instructor link to a learner
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instructor" })).toHaveCount(0);
});

test("an anonymous visitor is sent to sign in, and back after signing in", async ({ page }) => {
  await page.goto("/instructor");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Finstructor$/);
  await page.getByLabel("Email").fill(DEMO_INSTRUCTOR.email);
  await page.getByLabel("Password").fill(DEMO_INSTRUCTOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/instructor$/);
  await expect(page.getByRole("heading", { name: "Cohort overview" })).toBeVisible();
});

test("bad credentials get one generic message, for unknown emails and wrong passwords alike", async ({ page }) => {
  const unknown = await failedSignIn(page, `nobody-${randomUUID()}@example.com`, "whatever-password");
  const wrongPassword = await failedSignIn(page, DEMO_INSTRUCTOR.email, "not-the-password");
  expect(unknown).toBe("Email or password is incorrect.");
  expect(wrongPassword).toBe(unknown);
});

test("repeated failures for one email are throttled with the wait time", async ({ page }) => {
  const learner = newLearner();
  await signUp(page, learner);
  await page.context().clearCookies();
  const messages: string[] = [];
  for (let i = 0; i < 5; i++) messages.push(await failedSignIn(page, learner.email, `wrong-${i}`));
  expect(messages.slice(0, 4)).toEqual(Array(4).fill("Email or password is incorrect."));
  expect(messages[4]).toBe("Too many attempts. Try again in 15 minutes.");
  // while blocked, even the right password is refused
  expect(await failedSignIn(page, learner.email, learner.password)).toMatch(/^Too many attempts\. Try again in 1[45] minutes\.$/);
});

test("the demo instructor sees learners' progress on /instructor", async ({ page, browser }) => {
  const learner = newLearner();
  const learnerContext = await browser.newContext();
  try {
    await signUp(await learnerContext.newPage(), learner);
  } finally {
    await learnerContext.close();
  }
  await signIn(page, DEMO_INSTRUCTOR);
  const response = await page.goto("/instructor");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Cohort overview" })).toBeVisible();
  await expect(page.locator(`tr[data-learner="${learner.email}"]`).first()).toBeVisible();
});
