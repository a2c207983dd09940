/**
 * Starting, restarting and killing containers, as kuberuntime's startContainer, doBackOff and
 * killContainer do, with the image manager's pull policy and back-off in front. Each step
 * emits upstream's events (Pulling, Pulled, Failed, BackOff, Created, Started, Killing) and
 * records failures in the pod's reason cache.
 */
import { imageEnv, parseImageRef, type ContainerRecord, type ResolvedImage } from "../runtime";
import { ConfigError, containerEnv } from "./env";
import { containerMounts, managedFiles, MountError, setUpVolumes } from "./volumes";
import { commandLine, fieldPath, formatPod, goDuration, memoryLimit, pullPolicy, type ContainerSpec, type Handler } from "./pod-spec";
import type { Backoff, PodState } from "./pod-state";
import type { KubeletCore } from "./types";

function event(k: KubeletCore, st: PodState, init: boolean, c: ContainerSpec, type: "Normal" | "Warning", reason: string, message: string): void {
  k.recorder.event(st.pod, type, reason, message, fieldPath(init, c.name));
}

function inBackoff(k: KubeletCore, b: Backoff | undefined, since: number): boolean {
  return !!b && k.clock.now() - since < b.delayMs;
}

/** flowcontrol.Backoff.Next: start at the initial delay, double up to the cap; forget after 2×cap */
function nextBackoff(k: KubeletCore, map: Map<string, Backoff>, key: string): Backoff {
  const now = k.clock.now();
  const b = map.get(key);
  const expired = !b || now - b.lastUpdate > 2 * k.timings.backoffMaxMs;
  const next = { delayMs: expired ? k.timings.backoffInitialMs : Math.min(b.delayMs * 2, k.timings.backoffMaxMs), lastUpdate: now };
  map.set(key, next);
  return next;
}

/**
 * Brings up a container (attempt = its restart count): image, then create, then start.
 * Returns true when a step is now in flight (the pod is busy until it finishes).
 */
export async function startContainer(k: KubeletCore, st: PodState, c: ContainerSpec, init: boolean, attempt: number, hostIP: string): Promise<boolean> {
  const now = k.clock.now();
  const retry = st.retryAt.get(c.name);
  if (retry !== undefined && now < retry) return false;
  st.retryAt.delete(c.name);
  const fail = (reason: string, message: string, eventMsg = reason) => {
    st.waiting.set(c.name, { reason, message });
    event(k, st, init, c, "Warning", "Failed", `Error: ${eventMsg}`);
  };
  try {
    parseImageRef(c.image);
  } catch (e) {
    const msg = `Failed to apply default image tag "${c.image}": ${(e as Error).message}`;
    event(k, st, init, c, "Warning", "InspectFailed", msg);
    fail("InvalidImageName", msg);
    return false;
  }
  const policy = pullPolicy(c);
  const present = k.rt.imagePresent(c.image);
  const afterImage = (img: ResolvedImage) => void createAndStart(k, st, c, init, attempt, img, hostIP);
  if (policy === "Never" && !present) {
    const msg = `Container image "${c.image}" is not present with pull policy of Never`;
    event(k, st, init, c, "Warning", "ErrImageNeverPull", msg);
    fail("ErrImageNeverPull", msg);
    return false;
  }
  if (present && policy !== "Always") {
    event(k, st, init, c, "Normal", "Pulled", `Container image "${c.image}" already present on machine`);
    st.busy = true;
    afterImage(present);
    return true;
  }
  const b = st.imageBackoff.get(c.image);
  if (b && inBackoff(k, b, b.lastUpdate) && now - b.lastUpdate < k.timings.imageResyncMs && st.waiting.get(c.name)?.reason === "ErrImagePull") {
    // the sync right after a failed pull still reports ErrImagePull
    k.enqueue(st.key, b.lastUpdate + k.timings.imageResyncMs - now);
    return false;
  }
  if (b && inBackoff(k, b, b.lastUpdate)) {
    const last = st.waiting.get(c.name);
    const lastErr = last?.reason === "ErrImagePull" ? last.message : (st.lastPullError.get(c.image) ?? "");
    const msg = `Back-off pulling image "${c.image}": ErrImagePull: ${lastErr}`;
    const tag = `image/${c.image}/${b.lastUpdate}`;
    if (!st.reported.has(tag)) {
      st.reported.add(tag);
      event(k, st, init, c, "Normal", "BackOff", `Back-off pulling image "${c.image}"`);
      fail("ImagePullBackOff", msg, "ImagePullBackOff");
    } else st.waiting.set(c.name, { reason: "ImagePullBackOff", message: msg });
    k.enqueue(st.key, b.lastUpdate + b.delayMs - now);
    return false;
  }
  st.busy = true;
  event(k, st, init, c, "Normal", "Pulling", `Pulling image "${c.image}"`);
  k.trace("PullImage", st.pod, c.image);
  k.rt.pullImage(c.image, (r) => {
    if ("error" in r) {
      st.busy = false;
      event(k, st, init, c, "Warning", "Failed", `Failed to pull image "${c.image}": ${r.error}`);
      nextBackoff(k, st.imageBackoff, c.image);
      st.lastPullError.set(c.image, r.error);
      fail("ErrImagePull", r.error, "ErrImagePull");
      k.enqueue(st.key);
      return;
    }
    event(k, st, init, c, "Normal", "Pulled", `Successfully pulled image "${c.image}" in ${goDuration(r.pullMs)} (${goDuration(r.totalMs)} including waiting). Image size: ${r.img.tag.size} bytes.`);
    afterImage(r.img);
  });
  return true;
}

async function createAndStart(k: KubeletCore, st: PodState, c: ContainerSpec, init: boolean, attempt: number, img: ResolvedImage, hostIP: string): Promise<void> {
  const done = () => {
    st.busy = false;
    k.enqueue(st.key);
  };
  const sb = st.sandbox;
  if (st.terminating || !sb) return done();
  let env: Map<string, string>;
  try {
    env = await containerEnv(k.client, st.pod, c, imageEnv(img), hostIP, sb.ip);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    st.waiting.set(c.name, { reason: "CreateContainerConfigError", message: e.message });
    event(k, st, init, c, "Warning", "Failed", `Error: ${e.message}`);
    st.retryAt.set(c.name, k.clock.now() + k.timings.backoffInitialMs);
    k.enqueue(st.key, k.timings.backoffInitialMs);
    return done();
  }
  const argv = commandLine(c, img, env);
  if (!argv.length) {
    const msg = "failed to generate container spec: failed to generate spec: no command specified";
    st.waiting.set(c.name, { reason: "CreateContainerError", message: msg });
    event(k, st, init, c, "Warning", "Failed", `Error: ${msg}`);
    return done();
  }
  try {
    await setUpVolumes(k.client, st.pod, sb);
  } catch (e) {
    if (!(e instanceof MountError)) throw e;
    // the pod stays ContainerCreating; the kubelet retries the mount
    k.recorder.event(st.pod, "Warning", "FailedMount", e.message);
    st.retryAt.set(c.name, k.clock.now() + k.timings.backoffInitialMs);
    k.enqueue(st.key, k.timings.backoffInitialMs);
    return done();
  }
  const mounts = containerMounts(st.pod, c);
  k.clock.setTimer(k.timings.createMs, () => {
    if (st.terminating) return done();
    const limit = memoryLimit(c);
    const rec = k.rt.createContainer(sb, { name: c.name, specImage: c.image, argv, env, mounts, files: managedFiles(st.pod, sb.ip), ...(c.stdin ? { stdin: true } : {}), ...(c.tty ? { tty: true } : {}), ...(limit ? { memoryLimit: limit } : {}) }, img, attempt);
    event(k, st, init, c, "Normal", "Created", `Created container: ${c.name}`);
    k.trace("CreateContainer", st.pod, `${c.name}: ${argv.join(" ")}`);
    k.clock.setTimer(k.timings.startMs, () => {
      if (st.terminating) return done();
      const r = k.rt.startContainer(rec.id);
      if (r.error) {
        st.waiting.set(c.name, { reason: "RunContainerError", message: r.error });
        event(k, st, init, c, "Warning", "Failed", `Error: ${r.error}`);
      } else {
        st.waiting.delete(c.name);
        event(k, st, init, c, "Normal", "Started", `Started container ${c.name}`);
        k.trace("StartContainer", st.pod, c.name);
        if (c.lifecycle?.postStart?.exec?.command) k.rt.exec(rec.id, c.lifecycle.postStart.exec.command, () => undefined);
      }
      done();
    });
  });
}

/**
 * An exited container that its restart policy restarts: start it unless it is in
 * CrashLoopBackOff. Returns true when a start is now in flight.
 */
export async function restartContainer(k: KubeletCore, st: PodState, c: ContainerSpec, init: boolean, cur: ContainerRecord, hostIP: string): Promise<boolean> {
  const now = k.clock.now();
  let b = st.restartBackoff.get(c.name);
  if (b && now - b.lastUpdate > 2 * k.timings.backoffMaxMs) {
    st.restartBackoff.delete(c.name);
    b = undefined;
  }
  const since = cur.finishedAt ?? now;
  if (b && inBackoff(k, b, since)) {
    const pod = formatPod(st.pod);
    st.waiting.set(c.name, { reason: "CrashLoopBackOff", message: `back-off ${goDuration(b.delayMs)} restarting failed container=${c.name} pod=${pod}` });
    const tag = `${c.name}/${cur.attempt}`;
    if (!st.reported.has(tag)) {
      st.reported.add(tag);
      event(k, st, init, c, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${pod}`);
    }
    k.enqueue(st.key, since + b.delayMs - now);
    return false;
  }
  nextBackoff(k, st.restartBackoff, c.name);
  return startContainer(k, st, c, init, cur.attempt + 1, hostIP);
}

/** killContainer: Killing event, preStop hook, then the stop signal and SIGKILL at the grace end */
export function killContainer(k: KubeletCore, st: PodState, c: ContainerSpec, init: boolean, rec: ContainerRecord, message: string, graceMs: number): void {
  if (st.killing.has(rec.id) || rec.state !== "running") return;
  st.killing.add(rec.id);
  event(k, st, init, c, "Normal", "Killing", message);
  k.trace("StopContainer", st.pod, `${c.name}: ${message}`);
  const start = k.clock.now();
  const stop = () => k.rt.stopContainer(rec.id, Math.max(graceMs - (k.clock.now() - start), k.clock.now() > start ? k.timings.minGraceAfterPreStopMs : 0));
  const pre: Handler | undefined = c.lifecycle?.preStop;
  if (pre?.exec?.command) {
    let finished = false;
    let timer: { cancel(): void } | undefined;
    const h = k.rt.exec(rec.id, pre.exec.command, (r) => {
      finished = true;
      timer?.cancel();
      if ("error" in r || r.code !== 0) event(k, st, init, c, "Warning", "FailedPreStopHook", `PreStopHook failed`);
      stop();
    });
    if (!finished) timer = k.clock.setTimer(graceMs, () => h.cancel());
  } else if (pre?.httpGet) {
    const port = typeof pre.httpGet.port === "number" ? pre.httpGet.port : Number(c.ports?.find((p) => p.name === pre.httpGet!.port)?.containerPort ?? 0);
    const reply = k.rt.httpGet(pre.httpGet.host ?? st.sandbox?.ip ?? "", port, pre.httpGet.path ?? "/");
    if (!reply || reply.status >= 400) event(k, st, init, c, "Warning", "FailedPreStopHook", `PreStopHook failed`);
    stop();
  } else if (pre?.sleep) k.clock.setTimer(Math.min(pre.sleep.seconds * 1000, graceMs), stop);
  else stop();
}
