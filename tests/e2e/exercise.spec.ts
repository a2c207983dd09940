/**
 * A graded exercise, graded by the server reading the learner's cluster (never the browser):
 * Check with nothing done → per-check feedback and 0 → part of the solution in the terminal →
 * partial credit → the rest → full marks; the attempts and best score survive a reload and a
 * restart of the server process.
 */
import { rmSync } from "node:fs";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { findFreePort, startPlatform, tempDataDir, type RunningPlatform } from "./support/platform";
import { newLearner, signUp } from "./support/accounts";
import { PROMPT, openLesson, run, screen } from "./support/sandbox";

test.describe.configure({ timeout: 360_000 });

const LESSON = "/courses/kubernetes-behind-the-scenes/workloads/pods";

/** clicks Check and waits for the graded answer */
async function check(exercise: Locator): Promise<string> {
  await exercise.getByRole("button", { name: /Check my work|Check again/ }).click();
  const note = exercise.locator(".mdx-exercise-note[role=status]");
  await expect(note).toContainText(/Score: \d+ of \d+\./, { timeout: 30_000 });
  return (await note.textContent()) ?? "";
}

async function expectBest(page: Page, best: number, total: number, attemptsAtLeast: number) {
  const exercise = page.locator('[data-exercise-id="run-a-pod"]');
  await expect(exercise.getByTestId("exercise-best")).toHaveAttribute("data-best", String(best));
  await expect(exercise.getByTestId("exercise-best")).toHaveAttribute("data-total", String(total));
  await expect(exercise.getByTestId("exercise-best")).toContainText("passed ✓");
  const attempts = Number(await exercise.getByTestId("exercise-history").getAttribute("data-attempts"));
  expect(attempts).toBeGreaterThanOrEqual(attemptsAtLeast);
}

test("an exercise is graded from the learner's cluster: 0, partial credit, full marks, kept across a restart", async ({ browser }) => {
  const dataDir = tempDataDir();
  const port = await findFreePort();
  let platform: RunningPlatform = await startPlatform({ port, dataDir });
  const context = await browser.newContext({ baseURL: platform.baseURL });
  const page = await context.newPage();
  try {
    await signUp(page, newLearner());
    const { term } = await openLesson(page, LESSON);
    const exercise = page.locator('[data-exercise-id="run-a-pod"]');
    await expect(exercise.getByTestId("exercise-history")).toHaveAttribute("data-attempts", "0");

    // nothing done: score 0, and every check says what it found
    expect(await check(exercise)).toContain("Score: 0 of 6.");
    await expect(exercise.locator('[data-check-id="exists"]')).toHaveAttribute("data-state", "failed");
    await expect(exercise.locator('[data-check-id="exists"] .mdx-exercise-check-message')).not.toBeEmpty();
    await expect(exercise.locator('[data-check-id="leftover-gone"]')).toHaveAttribute("data-state", "failed");

    // part of the solution, typed in the lesson terminal: the Pod, but the leftover is still there
    await expect.poll(() => screen(term), { timeout: 15_000 }).toContain(PROMPT);
    await run(page, term, "kubectl run hello --image=nginx:1.27 --labels=tier=frontend", /pod\/hello created/);
    await expect.poll(async () => check(exercise), { timeout: 90_000, intervals: [2_000] }).toContain("Score: 5 of 6.");
    await expect(exercise.locator('[data-check-id="running"]')).toHaveAttribute("data-state", "passed");
    await expect(exercise.locator('[data-check-id="leftover-gone"]')).toHaveAttribute("data-state", "failed");

    // the rest: full marks
    await run(page, term, "kubectl delete pod old-debug --now", /pod "old-debug" deleted/, 60_000);
    await expect.poll(async () => check(exercise), { timeout: 90_000, intervals: [2_000] }).toContain("Score: 6 of 6. All checks pass.");
    await expectBest(page, 6, 6, 3);

    // kept: after a reload, and after a restart of the server process on the same database
    await page.reload();
    await expectBest(page, 6, 6, 3);
    await platform.stop();
    platform = await startPlatform({ port, dataDir });
    await page.goto(LESSON);
    await expectBest(page, 6, 6, 3);
    // a passed exercise marks its lesson complete, and the dashboard lists the score
    await expect(page.getByText("✓ You completed this lesson.")).toBeVisible();
    await page.goto("/learning");
    await expect(page.locator("body")).toContainText(/Exercise scores \(1 of \d+ passed\)/);
  } finally {
    await context.close();
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
