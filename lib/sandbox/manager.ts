/**
 * SandboxManager: one sandbox per (learner, course), created on first need, reset to a lesson's
 * starting state on demand, hibernated to the database when idle and restored on return.
 *
 * Guarantees:
 * - at most one live cluster per sandbox id and one sandbox per (user, course), also under
 *   concurrent calls (operations on one sandbox are serialized);
 * - a hibernated sandbox holds no cluster, timer or watch in this process: only a small record
 *   (owner, token hash) stays cached for authentication; its snapshot lives in the database;
 * - `shutdown()` snapshots every live sandbox, so a restart loses nothing;
 * - the learner's token is never stored, only its sha256; the internal token the cluster itself
 *   accepts never leaves the server (it is in `kubeconfigPath`, a 0600 file outside the workspace).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import type { Db } from "../db/client";
import { kubeconfigYaml } from "../kube/cluster/kubeconfig";
import { EmbeddedBackend } from "./embedded";
import { SandboxRecords, type SandboxRecord } from "./records";
import { hashToken, newSandboxId, newToken, tokenMatches } from "./tokens";
import {
  DEFAULT_SANDBOX_LIMITS,
  EMPTY_STARTING_STATE,
  type InstanceSpec,
  type SandboxBackend,
  type SandboxEvent,
  type SandboxHandle,
  type SandboxInstance,
  type SandboxLimits,
  type StartingState,
} from "./types";

export interface SandboxManagerOptions {
  db: Db;
  /** sandboxes keep their files under <dataDir>/sandboxes/<id>/ */
  dataDir: string;
  /** PEM of the platform CA (embedded in kubeconfigs, served as kube-root-ca.crt) */
  caPem: string;
  /** the platform's own https base URL, as the server reaches itself, e.g. "https://127.0.0.1:3000" */
  apiBase: () => string;
  backend?: SandboxBackend;
  limits?: Partial<SandboxLimits>;
  /**
   * fresh clusters kept ready (default topology of 3 nodes) so a first visit only applies the
   * lesson's objects: a cluster with all its components takes far longer to start than the
   * 50 ms a first visit may take. Default 0 (none); the server keeps 2.
   */
  warmPool?: number;
  /** idle time after which a sandbox hibernates (default 15 minutes) */
  idleMs?: number;
  now?: () => number;
  /** the starting state of a lesson (for `reset(id)` without an explicit state) */
  resolveStartingState?: (lessonId: string) => Promise<StartingState | undefined>;
  log?: (message: string) => void;
}

const REFILL_DELAY_MS = 1000;

export type AuthResult = "ok" | "unauthorized" | "not-found";

interface Warm {
  id: string;
  token: string;
  nodes: number;
  instance: Promise<SandboxInstance>;
}

interface Live {
  record: SandboxRecord;
  instance: SandboxInstance;
  internalToken: string;
  lastActivity: number;
  handle: SandboxHandle;
}

/** the path prefix a sandbox's Kubernetes API is served under */
export function sandboxApiPrefix(id: string): string {
  return `/k8s/${id}`;
}

export class SandboxManager {
  readonly limits: SandboxLimits;
  private readonly records: SandboxRecords;
  private readonly backend: SandboxBackend;
  private readonly live = new Map<string, Live>();
  private readonly known = new Map<string, SandboxRecord>();
  private readonly owners = new Map<string, string>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(e: SandboxEvent) => void>();
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly pool: Warm[] = [];
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly opts: SandboxManagerOptions) {
    this.records = new SandboxRecords(opts.db);
    this.backend = opts.backend ?? new EmbeddedBackend();
    this.limits = { ...DEFAULT_SANDBOX_LIMITS, ...(opts.limits ?? {}) };
    this.idleMs = opts.idleMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** The learner's sandbox for a course: the live one, the hibernated one restored, or a new one in `startingState`. */
  async ensure(userId: string, courseSlug: string, startingState: StartingState = EMPTY_STARTING_STATE): Promise<SandboxHandle> {
    const key = `${userId}\0${courseSlug}`;
    const known = this.owners.get(key);
    const hot = known ? this.live.get(known) : undefined;
    if (hot) return this.touchLive(hot).handle;
    return this.serialize(`owner:${key}`, async () => {
      const record = await this.records.byOwner(userId, courseSlug);
      if (record) return (await this.activate(record)).handle;
      return (await this.createNew(userId, courseSlug, startingState)).handle;
    });
  }

  /** The sandbox (restored when hibernated), or undefined when there is no such sandbox. */
  async get(id: string): Promise<SandboxHandle | undefined> {
    const hot = this.live.get(id);
    if (hot) return this.touchLive(hot).handle;
    const record = this.known.get(id) ?? (await this.records.byId(id));
    if (!record) return undefined;
    return (await this.activate(record)).handle;
  }

  /** The live sandbox's handle without restoring or touching it. */
  peek(id: string): SandboxHandle | undefined {
    return this.live.get(id)?.handle;
  }

  /** owner and course of a sandbox (cached), or undefined */
  async owner(id: string): Promise<{ userId: string; courseSlug: string } | undefined> {
    const r = this.known.get(id) ?? (await this.records.byId(id));
    if (r) this.known.set(id, r);
    return r && { userId: r.userId, courseSlug: r.courseSlug };
  }

  /** Marks activity (requests, terminal input): postpones hibernation. */
  touch(id: string): void {
    const l = this.live.get(id);
    if (l) l.lastActivity = this.now();
  }

  /** Replaces the cluster with a fresh one in `state` (default: the starting state of the lesson it was last reset to). */
  async reset(id: string, state?: StartingState): Promise<SandboxHandle> {
    return this.serialize(id, async () => {
      const record = this.known.get(id) ?? (await this.records.byId(id));
      if (!record) throw new Error(`no sandbox ${id}`);
      const wanted = state ?? (record.lessonId ? await this.opts.resolveStartingState?.(record.lessonId) : undefined) ?? EMPTY_STARTING_STATE;
      const old = this.live.get(id);
      const internalToken = old?.internalToken ?? newToken();
      const instance = await this.start(record.id, internalToken, wanted);
      old?.instance.close();
      record.lessonId = wanted.lessonId ?? record.lessonId;
      record.nodes = wanted.nodes;
      record.state = "running";
      // the old snapshot no longer describes this sandbox (after a crash it restarts from the starting state)
      await this.records.update(id, { lessonId: record.lessonId, nodes: record.nodes, state: "running", snapshot: null });
      const l = old ?? this.makeLive(record, instance, internalToken);
      l.instance = instance;
      this.touchLive(l);
      this.emit({ type: "reset", id });
      return l.handle;
    });
  }

  /**
   * A new learner token for the sandbox (for a downloaded kubeconfig); the previous one stops
   * working. Only its hash is stored: the caller shows the token once.
   */
  async issueToken(id: string): Promise<string> {
    return this.serialize(id, async () => {
      const record = this.known.get(id) ?? (await this.records.byId(id));
      if (!record) throw new Error(`no sandbox ${id}`);
      const token = newToken();
      record.tokenHash = hashToken(token);
      await this.records.update(id, { tokenHash: record.tokenHash });
      this.known.set(id, record);
      return token;
    });
  }

  /** Whether `token` may use sandbox `id` (the learner's token or the server's internal one). */
  async authenticate(id: string, token: string | undefined): Promise<AuthResult> {
    const record = this.known.get(id) ?? (await this.records.byId(id));
    if (!record) return "not-found";
    this.known.set(id, record);
    if (!token) return "unauthorized";
    const l = this.live.get(id);
    if (l && hashToken(l.internalToken) === hashToken(token)) return "ok";
    return tokenMatches(token, record.tokenHash) ? "ok" : "unauthorized";
  }

  /** Serves one (already authenticated) API request: restores the sandbox if needed, then hands it to the cluster. */
  async serve(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const l = await this.liveFor(id);
    req.headers.authorization = `Bearer ${l.internalToken}`;
    l.instance.handle(req, res);
  }

  /** Same for upgrade requests (exec, attach, port-forward). */
  async serveUpgrade(id: string, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const l = await this.liveFor(id);
    req.headers.authorization = `Bearer ${l.internalToken}`;
    l.instance.upgrade(req, socket, head);
  }

  /** Snapshots the sandbox to the database and stops its cluster. */
  async hibernate(id: string): Promise<boolean> {
    return this.serialize(id, async () => {
      const l = this.live.get(id);
      if (!l) return false;
      await this.persist(l, "hibernated");
      this.live.delete(id);
      l.record.state = "hibernated";
      l.instance.close();
      this.emit({ type: "hibernated", id });
      return true;
    });
  }

  /** Hibernates every sandbox idle for longer than the idle time; returns their ids. */
  async hibernateIdle(): Promise<string[]> {
    const cutoff = this.now() - this.idleMs;
    const idle = [...this.live.values()].filter((l) => l.lastActivity <= cutoff).map((l) => l.record.id);
    const done: string[] = [];
    for (const id of idle) {
      const still = this.live.get(id);
      if (still && still.lastActivity <= cutoff && (await this.hibernate(id))) done.push(id);
    }
    return done;
  }

  /** Checks for idle sandboxes every `intervalMs` (real time; the timer does not keep the process alive). */
  startSweeper(intervalMs = 60_000): void {
    this.sweeper ??= setInterval(() => {
      this.hibernateIdle().catch((e: unknown) => this.log(`hibernation failed: ${String(e)}`));
    }, intervalMs);
    this.sweeper.unref();
  }

  /** Snapshots every live sandbox (server shutdown). Later calls are refused. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const w of this.pool.splice(0)) void w.instance.then((i) => i.close(), () => undefined);
    await Promise.all([...this.live.keys()].map((id) => this.hibernate(id).catch((e: unknown) => this.log(`could not snapshot sandbox ${id}: ${String(e)}`))));
  }

  /** Subscribes to lifecycle events; returns the unsubscribe function. */
  onEvent(listener: (e: SandboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): { live: number; known: number; warm: number } {
    return { live: this.live.size, known: this.known.size, warm: this.pool.length };
  }

  /** Fills the warm pool; resolves when every pooled cluster has started (benchmarks, tests). */
  async warmUp(): Promise<void> {
    this.refill();
    await Promise.all(this.pool.map((w) => w.instance.catch(() => undefined)));
  }

  // ---------------------------------------------------------------------------------------------

  private async liveFor(id: string): Promise<Live> {
    const hot = this.live.get(id);
    if (hot) return this.touchLive(hot);
    await this.get(id);
    const l = this.live.get(id);
    if (!l) throw new Error(`no sandbox ${id}`);
    return l;
  }

  private touchLive(l: Live): Live {
    l.lastActivity = this.now();
    return l;
  }

  private spec(id: string, token: string): InstanceSpec {
    const prefix = sandboxApiPrefix(id);
    return { id, prefix, token, caPem: this.opts.caPem, server: `${this.opts.apiBase()}${prefix}`, limits: this.limits };
  }

  private refill(): void {
    const size = this.opts.warmPool ?? 0;
    while (!this.closed && this.pool.length < size) {
      const id = newSandboxId();
      const token = newToken();
      const nodes = EMPTY_STARTING_STATE.nodes;
      // settled before use: the add-ons run and the components are quiet when a learner arrives
      const instance = this.backend.create(this.spec(id, token), nodes).then(async (i) => {
        await i.settle();
        return i;
      });
      const warm: Warm = { id, token, nodes, instance };
      instance.catch((e: unknown) => {
        this.log(`could not start a warm cluster: ${String(e)}`);
        const i = this.pool.indexOf(warm);
        if (i >= 0) this.pool.splice(i, 1);
      });
      this.pool.push(warm);
    }
  }

  /** a pooled cluster of `nodes` nodes (its id and internal token come with it), refilling the pool */
  private takeWarm(nodes: number): Warm | undefined {
    const i = this.pool.findIndex((w) => w.nodes === nodes);
    const warm = i >= 0 ? this.pool.splice(i, 1)[0] : undefined;
    // a little later: building a cluster is CPU work that would delay this learner's first requests
    setTimeout(() => this.refill(), REFILL_DELAY_MS).unref();
    return warm;
  }

  private async start(id: string, token: string, state: StartingState, warm?: Promise<SandboxInstance>): Promise<SandboxInstance> {
    const instance = await (warm ?? this.backend.create(this.spec(id, token), state.nodes));
    try {
      await instance.apply(state);
    } catch (e) {
      instance.close();
      throw e;
    }
    return instance;
  }

  private async createNew(userId: string, courseSlug: string, state: StartingState): Promise<Live> {
    if (this.closed) throw new Error("the sandbox manager is shut down");
    const warm = this.takeWarm(state.nodes);
    const id = warm?.id ?? newSandboxId();
    const internalToken = warm?.token ?? newToken();
    const instance = await this.start(id, internalToken, state, warm?.instance);
    const record: SandboxRecord = { id, userId, courseSlug, lessonId: state.lessonId ?? null, tokenHash: hashToken(newToken()), state: "running", nodes: state.nodes };
    const l = this.makeLive(record, instance, internalToken);
    // the record is written behind the first visit (a SQLite commit can take tens of ms on a busy
    // disk); every later operation on this sandbox is queued after it
    void this.serialize(id, async () => {
      try {
        await this.records.insert(record, new Date(this.now()));
      } catch (e) {
        this.log(`could not record sandbox ${id}: ${String(e)}`);
        this.live.delete(id);
        this.known.delete(id);
        this.owners.delete(`${userId}\0${courseSlug}`);
        instance.close();
      }
    });
    this.emit({ type: "created", id });
    return l;
  }

  /** restores (or, for a record without snapshot, re-creates) a known sandbox; serialized per id */
  private activate(record: SandboxRecord): Promise<Live> {
    return this.serialize(record.id, async () => {
      const hot = this.live.get(record.id);
      if (hot) return this.touchLive(hot);
      if (this.closed) throw new Error("the sandbox manager is shut down");
      const internalToken = newToken();
      const bytes = await this.records.snapshot(record.id);
      let instance: SandboxInstance;
      if (bytes) instance = await this.backend.restore(this.spec(record.id, internalToken), bytes);
      else {
        // a record without a snapshot: the process ended before it could hibernate; start over
        const state = (record.lessonId ? await this.opts.resolveStartingState?.(record.lessonId) : undefined) ?? { ...EMPTY_STARTING_STATE, nodes: record.nodes };
        instance = await this.start(record.id, internalToken, state);
      }
      record.state = "running";
      await this.records.update(record.id, { state: "running", lastActiveAt: new Date(this.now()) });
      const l = this.makeLive(record, instance, internalToken);
      this.emit({ type: "restored", id: record.id });
      return l;
    });
  }

  private makeLive(record: SandboxRecord, instance: SandboxInstance, internalToken: string): Live {
    const dir = path.resolve(this.opts.dataDir, "sandboxes", record.id);
    const workspaceDir = path.join(dir, "workspace");
    const kubeconfigPath = path.join(dir, "kubeconfig");
    const apiUrl = `${this.opts.apiBase()}${sandboxApiPrefix(record.id)}`;
    mkdirSync(workspaceDir, { recursive: true });
    writeFileSync(kubeconfigPath, kubeconfigYaml({ server: apiUrl, token: internalToken, caPem: this.opts.caPem }), { mode: 0o600 });
    const l: Live = {
      record,
      instance,
      internalToken,
      lastActivity: this.now(),
      handle: undefined as unknown as SandboxHandle,
    };
    l.handle = {
      id: record.id,
      userId: record.userId,
      courseSlug: record.courseSlug,
      workspaceDir,
      kubeconfigPath,
      apiUrl,
      get client() {
        return l.instance.client;
      },
      gradingTarget: () => l.instance.gradingTarget(),
      get nodes() {
        return l.instance.nodes;
      },
      get lastActivity() {
        return l.lastActivity;
      },
    };
    this.live.set(record.id, l);
    this.known.set(record.id, record);
    this.owners.set(`${record.userId}\0${record.courseSlug}`, record.id);
    return l;
  }

  private async persist(l: Live, state: "running" | "hibernated"): Promise<void> {
    const bytes = await l.instance.snapshot();
    await this.records.saveSnapshot(l.record.id, bytes, l.instance.faults(), new Date(l.lastActivity), state);
  }

  private serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.chains.set(key, settled);
    void settled.then(() => {
      if (this.chains.get(key) === settled) this.chains.delete(key);
    });
    return next;
  }

  private emit(e: SandboxEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.log(`sandbox event listener failed: ${String(err)}`);
      }
    }
  }

  private log(message: string): void {
    (this.opts.log ?? ((m: string) => console.error(`[sandbox] ${m}`)))(message);
  }
}
