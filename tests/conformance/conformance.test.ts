/**
 * Runs every scenario of ./scenarios.ts with the real kubectl, once per client version, each
 * version against its own fresh cluster. kubectl missing is a failure with a clear message.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { kubectlBinary, startConformanceCluster, type ConformanceCluster, type KubectlVersion } from "./harness";
import { runScenario } from "./scenario";
import { scenarios } from "./scenarios";

/** the dispatcher (→ kubectl.1.33 via /version) and the oldest supported client */
const VERSIONS: KubectlVersion[] = ["default", "1.27"];

for (const version of VERSIONS) {
  describe(`kubectl ${version === "default" ? "(dispatcher → 1.33)" : version}`, () => {
    let c: ConformanceCluster;
    beforeAll(async () => {
      kubectlBinary(version);
      c = await startConformanceCluster();
    });
    afterAll(async () => c?.close());

    for (const s of scenarios) {
      if (s.only && !s.only.includes(version)) continue;
      it(s.name, () => runScenario(c, version, s));
    }
  });
}
