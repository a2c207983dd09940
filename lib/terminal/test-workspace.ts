/** A temporary learner workspace for tests: files, a folder, and symlinks that point out. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestWorkspace {
  root: string;
  dir: string;
  outside: string;
  cleanup(): void;
}

export function makeTestWorkspace(): TestWorkspace {
  const root = mkdtempSync(join(tmpdir(), "kubelab-terminal-"));
  const dir = join(root, "ws");
  const outside = join(root, "outside");
  mkdirSync(join(dir, "manifests", "deep"), { recursive: true });
  mkdirSync(join(dir, "kust"), { recursive: true });
  mkdirSync(join(dir, "leaky"), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, "secret.txt"), "top secret\n");
  writeFileSync(join(dir, "deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\n");
  writeFileSync(join(dir, "manifests", "web.yaml"), "kind: Service\n");
  writeFileSync(join(dir, "manifests", "deep", "x.yaml"), "kind: Pod\n");
  writeFileSync(join(dir, "kust", "kustomization.yaml"), "resources: []\n");
  writeFileSync(join(dir, ".hidden"), "h\n");
  writeFileSync(join(dir, "app.env"), "A=1\n");
  symlinkSync(join(outside, "secret.txt"), join(dir, "link-out.yaml"));
  symlinkSync(outside, join(dir, "dir-out"));
  symlinkSync("/etc/passwd", join(dir, "leaky", "passwd.yaml"));
  symlinkSync(join(dir, "deployment.yaml"), join(dir, "link-in.yaml"));
  symlinkSync(join(outside, "missing"), join(dir, "dangling.yaml"));
  return { root, dir, outside, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
