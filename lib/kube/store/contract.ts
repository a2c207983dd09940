/**
 * The shared contract suite for `Store` implementations (hono's common.case.test.ts pattern):
 * each implementation's test file calls `runStoreContract(name, factory)`. Every guarantee in
 * the doc comment of ./types.ts has a test: revisions and resourceVersion, frozen objects,
 * CAS, list/count and list-at-revision (contract-basics.ts); watch delivery, compaction and
 * snapshot/restore (contract-watch.ts).
 */
import { describe } from "vitest";
import { basicsContract } from "./contract-basics";
import { watchContract } from "./contract-watch";
import type { StoreFactory } from "./contract-helpers";

export { pod, type StoreFactory } from "./contract-helpers";

export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    basicsContract(factory);
    watchContract(factory);
  });
}
