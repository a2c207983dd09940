/**
 * The learner's journey on a platform this test starts itself (so it can restart it):
 * sign up → open the first lesson → reading position saved → resume link → quiz → mark complete →
 * everything still there after a reload AND after the server process is restarted on the same DB.
 */
import { rmSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { findFreePort, startPlatform, tempDataDir, type RunningPlatform } from "./support/platform";
import { newLearner, signUp } from "./support/accounts";

test.describe.configure({ timeout: 360_000 });

async function expectLessonDone(page: Page, quizLine: RegExp) {
  await expect(page.getByText("✓ You completed this lesson.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark as not complete" })).toBeVisible();
  await expect(page.getByTestId("quiz-scores")).toContainText(quizLine);
}

test("progress is kept after a reload and after a server restart", async ({ browser }) => {
  const dataDir = tempDataDir();
  const port = await findFreePort();
  let platform: RunningPlatform = await startPlatform({ port, dataDir });
  const context = await browser.newContext({ baseURL: platform.baseURL });
  const page = await context.newPage();
  try {
    await signUp(page, newLearner());

    // open the first lesson from the catalogue
    await page.goto("/");
    await page.locator(".card h2 a").first().click();
    await page.getByRole("link", { name: "Start the course" }).click();
    await expect(page).toHaveURL(/\/courses\/[^/]+\/[^/]+\/[^/#]+$/);
    const lessonPath = new URL(page.url()).pathname;
    await expect(page.locator("article h1")).toBeVisible();

    // read down to the second heading of the table of contents: the position is saved (debounced)
    const tocLinks = page.getByRole("navigation", { name: "On this page" }).getByRole("link");
    const anchor = ((await tocLinks.nth(1).getAttribute("href")) ?? "").slice(1);
    expect(anchor).not.toBe("");
    await page.locator(`[id="${anchor}"]`).evaluate((el) => el.scrollIntoView({ block: "start", behavior: "instant" }));
    await expect(page.getByRole("navigation", { name: "On this page" }).locator('a[aria-current="location"]')).toHaveAttribute(
      "href",
      `#${anchor}`,
    );
    // without leaving the page, the server learns the position (debounced save)
    await expect
      .poll(async () => (await page.request.get("/learning")).text(), { timeout: 15_000 })
      .toContain(`href="${lessonPath}#${anchor}"`);

    // the dashboard and the course page resume at that heading
    await page.goto("/learning");
    const resume = page.getByRole("link", { name: /^Resume: / });
    await expect(resume).toHaveAttribute("href", `${lessonPath}#${anchor}`);
    await resume.click();
    await expect(page).toHaveURL(new RegExp(`${lessonPath}#${anchor}$`));

    // answer the quiz (first choice of every question) and see it graded and recorded
    const quiz = page.locator(".mdx-quiz").first();
    const questions = quiz.locator("fieldset");
    const count = await questions.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) await questions.nth(i).getByRole("radio").first().check();
    await quiz.getByRole("button", { name: "Check answers" }).click();
    await expect(quiz.getByRole("status")).toHaveText(new RegExp(`^You got \\d+ of ${count} right\\.`));
    const score = (await quiz.getByRole("status").innerText()).match(/You got (\d+) of/)?.[1];
    const quizLine = new RegExp(`best ${score}/${count} \\(1 attempt\\)`);
    await expect(page.getByTestId("quiz-scores")).toContainText(quizLine);

    // mark complete
    await page.getByRole("button", { name: "Mark complete" }).click();
    await expectLessonDone(page, quizLine);

    // after a reload
    await page.reload();
    await expectLessonDone(page, quizLine);

    // after a restart of the server process on the same database (the session survives too)
    await platform.stop();
    platform = await startPlatform({ port, dataDir });
    expect(platform.output()).toContain("is up to date");
    await page.goto(lessonPath);
    await expectLessonDone(page, quizLine);
    await page.goto(lessonPath.split("/").slice(0, 3).join("/"));
    await expect(page.locator(`li[data-lesson-id] a[href="${lessonPath}"]`).locator("xpath=ancestor::li[1]")).toHaveAttribute(
      "data-state",
      "completed",
    );
  } finally {
    await context.close();
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
