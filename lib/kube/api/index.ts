export * from "./types";
export * from "./errors";
export * from "./field-errors";
export * from "./time";
