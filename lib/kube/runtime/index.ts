/**
 * The simulated container runtime (containerd + runc + the images' programs): image catalogue,
 * process model (a small sh interpreter and server programs played on the clock), container
 * logs. The kubelet (lib/kube/kubelet) drives it; `kubectl exec` will reuse the process model.
 */
export { NodeRuntime, PodNetwork, type Sandbox, type ContainerRecord, type ContainerConfig, type RuntimeOptions, type ExitReason, type ExecStream, type DataPath } from "./runtime";
export { LogStore, logTimestamp, DEFAULT_LOG_LIMITS, type LogLine, type LogSnapshot, type LogLimits, type LogFollower } from "./logs";
export { parseImageRef, resolveImage, imageEnv, catalogueRefs, InvalidImageNameError, type ImageRef, type ResolvedImage } from "./catalog";
export { IMAGES, type ImageData, type TagData } from "./catalog-data";
export { Process } from "./process";
export { Shell } from "./shell/interp";
export { MemFs, MountedFs, CwdFs } from "./fs";
export type { Gen, Effect, Io, ProcessHost, FileSystem, ProgramFn, HttpReply, ConnectResult, ConnectOutcome, DnsReply, ProcessInfo } from "./shell/types";
export { InputStream, ShellInterrupt, readAll, readLine } from "./shell/types";
export { LineDiscipline, onlcr, type TerminalSize } from "./shell/tty";
