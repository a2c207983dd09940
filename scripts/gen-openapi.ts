/**
 * Regenerates lib/kube/openapi/generated/definitions.json from kubernetes-models and
 * @kubernetes/client-node (see lib/kube/openapi/gen). Run: `npx tsx scripts/gen-openapi.ts`.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { generateDefinitionsJson } from "../lib/kube/openapi/gen/build";
import { GENERATED_PATH } from "../lib/kube/openapi/gen/paths";

const json = await generateDefinitionsJson();
mkdirSync(new URL(".", GENERATED_PATH), { recursive: true });
writeFileSync(GENERATED_PATH, json);
console.log(`wrote ${GENERATED_PATH.pathname} (${json.length} bytes)`);
