export * from "./types";
export * from "./workqueue";
export * from "./informer";
export * from "./informer-factory";
export * from "./controller";
export * from "./events";
export * from "./component";
