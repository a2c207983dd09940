import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateDefinitionsJson } from "./gen/build";
import { GENERATED_PATH } from "./gen/paths";

describe("generated/definitions.json", () => {
  it("is what scripts/gen-openapi.ts produces from the installed packages", async () => {
    const committed = readFileSync(GENERATED_PATH, "utf8");
    const fresh = await generateDefinitionsJson();
    // on failure: run `npx tsx scripts/gen-openapi.ts` and commit the result
    expect(fresh === committed, "lib/kube/openapi/generated/definitions.json is stale").toBe(true);
  });
});
