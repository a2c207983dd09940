/**
 * The core scenarios of ./scenarios.ts with every installed kubectl, 1.27 … 1.32, and a few
 * through the dispatcher (→ 1.33), each version against its own fresh cluster; the versions run
 * concurrently. kubectl 1.33 runs every scenario in ./conformance-133.test.ts. kubectl missing
 * is a failure with a clear message.
 */
import type { KubectlVersion } from "./harness";
import { scenarios } from "./scenarios";
import { conformanceSuite } from "./suite";

const VERSIONS: KubectlVersion[] = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32"];

/** the dispatcher execs kubectl.1.33 (run in full by ./conformance-133.test.ts): check it dispatches, end to end */
const DISPATCHER = new Set(["version reports the server's v1.33", "get ns shows the kubeadm namespaces Active", "apply: created, unchanged, configured", "create configmap, secret and namespace (protobuf bodies on 1.32+)", "get -w prints the header once, then streamed rows, and stays open"]);

const core = scenarios.filter((s) => s.core);
conformanceSuite("default", core.filter((s) => DISPATCHER.has(s.name)));
for (const version of VERSIONS) conformanceSuite(version, core);
