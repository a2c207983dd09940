import { afterAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { checkWorkspacePath, looksLikeUrl } from "./workspace";
import { makeTestWorkspace } from "./test-workspace";

const ws = makeTestWorkspace();
afterAll(() => ws.cleanup());

describe("checkWorkspacePath", () => {
  it("accepts files and folders inside the workspace, existing or not", () => {
    expect(checkWorkspacePath(ws.dir, "deployment.yaml")).toMatchObject({
      ok: true,
      exists: true,
      isDir: false,
      abs: join(ws.dir, "deployment.yaml"),
    });
    expect(checkWorkspacePath(ws.dir, "manifests")).toMatchObject({ ok: true, exists: true, isDir: true });
    expect(checkWorkspacePath(ws.dir, "./manifests/web.yaml")).toMatchObject({ ok: true, exists: true });
    expect(checkWorkspacePath(ws.dir, "new.yaml")).toMatchObject({ ok: true, exists: false });
    expect(checkWorkspacePath(ws.dir, "link-in.yaml")).toMatchObject({ ok: true, exists: true });
  });
  it.each([
    ["/etc/passwd", "absolute paths"],
    [join(ws.dir, "deployment.yaml"), "absolute paths"],
    ["../outside/secret.txt", "`..`"],
    ["manifests/../../outside", "`..`"],
    ["manifests/..", "`..`"],
    ["..\\x", "`..`"],
    ["link-out.yaml", "outside your workspace"],
    ["dir-out", "outside your workspace"],
    ["dir-out/secret.txt", "outside your workspace"],
    ["dir-out/new.yaml", "outside your workspace"],
    ["dangling.yaml", "outside your workspace"],
    ["leaky", "points outside your workspace (leaky/passwd.yaml)"],
    ["https://example.com/x.yaml", "URLs"],
    ["http://169.254.169.254/latest", "URLs"],
    ["file:///etc/passwd", "URLs"],
    ["github.com/kubernetes-sigs/kustomize//examples", "URLs"],
    ["git@github.com:x/y.git", "URLs"],
    ["-", "standard input"],
    ["", "empty"],
    ["a\0b", "invalid"],
  ])("refuses %j", (p, msg) => {
    const r = checkWorkspacePath(ws.dir, p, "-f");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(msg);
  });
  it("recognizes URLs", () => {
    expect(looksLikeUrl("s3://bucket/x")).toBe(true);
    expect(looksLikeUrl("manifests/web.yaml")).toBe(false);
  });
});
