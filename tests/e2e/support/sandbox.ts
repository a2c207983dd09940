/** Driving the lesson sandbox panel (terminal, editor) from Playwright. */
import { expect, type Locator, type Page } from "@playwright/test";

export const PROMPT = "learner@kubelab:~$";

/** the terminal's text (xterm's DOM renderer), non-breaking spaces normalised */
export async function screen(term: Locator): Promise<string> {
  return ((await term.locator(".xterm-rows").textContent()) ?? "").replace(/\u00a0/g, " ");
}

/** types a command line into the terminal and waits until its output contains `expected` */
export async function run(page: Page, term: Locator, command: string, expected: RegExp, timeout = 30_000): Promise<void> {
  await term.click();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await expect.poll(() => screen(term), { timeout, message: `output of "${command}"` }).toMatch(expected);
}

/** replaces the editor's text as a paste would (Monaco's own paste path, no auto-indent surprises) */
export async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  const editor = page.locator(".kl-editor .monaco-editor").first();
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await editor.locator("textarea").evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/** opens a lesson (the course's first one unless `lessonPath`) and waits for its sandbox */
export async function openLesson(page: Page, lessonPath?: string): Promise<{ term: Locator; panel: Locator }> {
  if (lessonPath) await page.goto(lessonPath);
  else {
    await page.goto("/");
    await page.locator(".card h2 a").first().click();
    await page.getByRole("link", { name: "Start the course" }).click();
  }
  await expect(page).toHaveURL(/\/courses\/[^/]+\/[^/]+\/[^/#]+$/);
  const panel = page.getByTestId("sandbox-panel");
  await expect(panel).toHaveAttribute("data-sandbox-id", /^[0-9a-f]{32}$/, { timeout: 30_000 });
  const term = panel.locator(".kubelab-terminal-screen");
  return { term, panel };
}

