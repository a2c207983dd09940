export * from "./types";
export { MemoryStore, DEFAULT_HISTORY_LIMIT, type MemoryStoreOptions } from "./memory-store";
export { freezeCopy } from "./freeze";
