/**
 * The learner's terminal (no Next/React): line parsing and the kubectl policy, the session engine
 * (line editing, history, completion, builtins, watch) and the kubectl runner with its limits.
 */
export { tokenize, MAX_LINE_LENGTH, type TokenizeResult } from "./tokenize";
export { checkKubectl, ALLOWED_SUBCOMMANDS, type KubectlPlan, type KubectlCheck } from "./kubectl-policy";
export { planLine, BUILTINS, type CommandPlan } from "./commands";
export { checkWorkspacePath, type PathCheck } from "./workspace";
export { TerminalSession, PROMPT, PROMPT_TEXT, type TerminalSessionOptions } from "./session";
export { type CompletionSource } from "./completion";
export { defaultSpawner, findKubectl, type Spawner, type SpawnRequest, type SpawnedProcess, type ExitInfo } from "./spawner";
export { DEFAULT_LIMITS, KUBECTL_MISSING_MESSAGE, kubectlEnv, type TerminalLimits } from "./run";
export { stripAnsi } from "./line-editor";
export { kubeClientCompletion, findResourceType } from "./kube-completion";
