// Removes the shared webServer's temp data folder (SQLite file + auth secret) after the run.
import { rmSync } from "node:fs";

export default function teardown(): void {
  const dir = process.env.KUBELAB_E2E_DATA;
  if (dir && dir.includes("kubelab-e2e-")) rmSync(dir, { recursive: true, force: true });
}
