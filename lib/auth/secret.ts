/**
 * AUTH_SECRET resolution. Production sets AUTH_SECRET (lib/env requires it). The embedded default
 * generates one on first start and keeps it in <KUBELAB_DATA_DIR>/auth-secret (mode 0600), so
 * sessions survive restarts.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../env";

export function authSecretFile(env: Env): string {
  return path.resolve(env.KUBELAB_DATA_DIR, "auth-secret");
}

/** Returns the secret; with `create`, generates and stores one when none exists. Throws when none can be found. */
export function resolveAuthSecret(env: Env, { create = false } = {}): { secret: string; generated: boolean } {
  if (env.AUTH_SECRET) return { secret: env.AUTH_SECRET, generated: false };
  const file = authSecretFile(env);
  if (existsSync(file)) {
    const secret = readFileSync(file, "utf8").trim();
    if (secret.length >= 32) return { secret, generated: false };
  }
  if (!create) throw new Error(`AUTH_SECRET is not set and ${file} does not exist; start the platform with npm start`);
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(33).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  return { secret, generated: true };
}
