/**
 * The lesson sandbox on a platform this test starts itself (so it can restart it):
 * sign up → open a lesson → the terminal shows a prompt → `kubectl get nodes` (the real kubectl,
 * run by the server against the learner's embedded cluster) → the editor flags a schema error
 * inline → Apply of the fixed Deployment → its pods Running in the terminal and on their nodes in
 * the live view → reset restores the starting state → objects survive a server restart.
 */
import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { findFreePort, startPlatform, tempDataDir, type RunningPlatform } from "./support/platform";
import { newLearner, signUp } from "./support/accounts";
import { PROMPT, openLesson, pasteIntoEditor, run, screen } from "./support/sandbox";

test.describe.configure({ timeout: 360_000 });

const deployment = (replicas: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

test("a learner drives their own cluster from the lesson: terminal, editor, live view, reset, restart", async ({ browser }) => {
  const dataDir = tempDataDir();
  const port = await findFreePort();
  let platform: RunningPlatform = await startPlatform({ port, dataDir });
  const context = await browser.newContext({ baseURL: platform.baseURL });
  const page = await context.newPage();
  try {
    await signUp(page, newLearner());
    const { term, panel } = await openLesson(page);
    const lessonPath = new URL(page.url()).pathname;

    // the prompt comes as soon as the terminal is on screen (the spec: within a second)
    await expect(term).toBeVisible();
    const shown = Date.now();
    await expect.poll(() => screen(term), { timeout: 1_000 }).toContain(PROMPT);
    console.log(`prompt after ${Date.now() - shown} ms`);

    await run(page, term, "kubectl get nodes", /control-plane\s+Ready\s+control-plane/);
    expect(await screen(term)).toMatch(/worker-1\s+Ready/);

    // the editor: a schema error is shown inline, before anything is sent
    await expect(panel.locator(".kl-editor .monaco-editor")).toBeVisible({ timeout: 30_000 });
    await pasteIntoEditor(page, deployment('"three"'));
    await page.keyboard.press("Control+Home");
    await expect(panel.locator(".kl-editor .squiggly-error").first()).toBeVisible({ timeout: 15_000 });

    // the fixed one applies, and the server's answer is shown like kubectl's
    await pasteIntoEditor(page, deployment("3"));
    await expect(panel.locator(".kl-editor .squiggly-error")).toHaveCount(0, { timeout: 15_000 });
    await panel.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(panel.getByLabel("Apply output")).toContainText("deployment.apps/web created");

    // its pods run: the terminal shows them, the live view places them on their nodes
    await expect
      .poll(
        async () => {
          await run(page, term, "clear", /.*/);
          await run(page, term, "kubectl get pods -l app=web", /NAME|No resources/);
          return ((await screen(term)).match(/web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running/g) ?? []).length;
        },
        { timeout: 60_000, intervals: [1_000] },
      )
      .toBe(3);
    const livePods = panel.locator('.kl-live-node[data-node^="worker-"] .kl-live-pod[data-pod^="web-"]');
    await expect(livePods).toHaveCount(3);
    await expect(livePods.first()).toContainText("Running 1/1");
    await expect(panel.locator('.kl-live-node[data-node="control-plane"] .kl-live-pod[data-pod^="web-"]')).toHaveCount(0);

    // reset: back to the lesson's starting state (twice: confirm)
    await panel.getByRole("button", { name: "Reset" }).click();
    await panel.getByRole("button", { name: "Confirm reset" }).click();
    await expect(panel).toContainText("back to this lesson's starting state", { timeout: 30_000 });
    await run(page, term, "clear", /.*/);
    await run(page, term, "kubectl get deployments", /No resources found in default namespace\./);
    await expect(panel.locator('.kl-live-pod[data-pod^="web-"]')).toHaveCount(0);

    // something built after the reset survives a restart of the server process
    await run(page, term, "kubectl create configmap keep-me --from-literal=lesson=one", /configmap\/keep-me created/);
    await platform.stop();
    platform = await startPlatform({ port, dataDir });
    const again = await openLesson(page, lessonPath);
    await expect.poll(() => screen(again.term), { timeout: 15_000 }).toContain(PROMPT);
    await run(page, again.term, "kubectl get configmap keep-me", /keep-me\s+1\s+\d+[smh]/);
  } finally {
    console.log(platform.output().split("\n").filter((l) => l.includes("TIMING")).join("\n"));
    await context.close();
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
