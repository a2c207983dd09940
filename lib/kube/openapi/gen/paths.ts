/** Where the generated definitions live (read at run time by ../load.ts). */
export const GENERATED_PATH = new URL("../generated/definitions.json", import.meta.url);
