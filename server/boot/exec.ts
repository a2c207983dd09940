/** Runs a command inheriting stdio; rejects with BootError on a non-zero exit. */
import { spawn } from "node:child_process";
import { BootError } from "./log";
import { ROOT } from "./paths";

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: "inherit" });
    child.on("error", (e) => reject(new BootError(`could not run ${command}: ${e.message}`)));
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new BootError(`${[command, ...args].join(" ")} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** The Prisma CLI of this project, run with the current Node. */
export function prisma(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): Promise<void> {
  return run(process.execPath, [`${ROOT}/node_modules/prisma/build/index.js`, ...args], { ...env, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, cwd);
}
