/**
 * Learner sandboxes (platform code: uses lib/db, never Next). See types.ts for the contracts and
 * manager.ts for the lifecycle (create → reset → hibernate → restore).
 */
export { SandboxManager, sandboxApiPrefix, type SandboxManagerOptions, type AuthResult } from "./manager";
export { EmbeddedBackend, podLimitPlugin, type EmbeddedBackendOptions } from "./embedded";
export { bearerToken, hashToken, newToken, tokenMatches } from "./tokens";
export {
  DEFAULT_SANDBOX_LIMITS,
  EMPTY_STARTING_STATE,
  type InstanceSpec,
  type SandboxBackend,
  type SandboxEvent,
  type SandboxFault,
  type SandboxHandle,
  type SandboxInstance,
  type SandboxLimits,
  type StartingState,
} from "./types";
