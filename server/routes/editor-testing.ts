/**
 * Test harness for the editor and live routes: an embedded cluster with its components on a
 * FakeClock, a temporary workspace, and the platform HTTP server with the routes on a real port.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "../../lib/kube/clock";
import { seededRandom } from "../../lib/kube/client";
import { createCluster, type Cluster } from "../../lib/kube/cluster";
import { createPlatformServer } from "../http";
import { editorRoute, schemaRoute, type EditorRouteOptions } from "./editor";
import type { SandboxResolver } from "./editor-http";
import { liveRoute } from "./live";

export const SANDBOX = "sb-test1";

export interface RoutesHarness {
  base: string;
  cluster: Cluster;
  clock: FakeClock;
  workspace: string;
  /** tells open live streams that the sandbox's cluster went away (as the sandbox manager would) */
  sandboxGone(reason: string): void;
  /** headers of a same-origin browser request with a JSON body */
  json: Record<string, string>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRoutes(
  opts: { editor?: Partial<Omit<EditorRouteOptions, "resolve">>; nodes?: number } = {},
): Promise<RoutesHarness> {
  const clock = new FakeClock(Date.UTC(2026, 10, 27, 9, 0, 0));
  const cluster = await createCluster({ token: "routes-token", clock, nodes: opts.nodes ?? 2, components: true, random: seededRandom(7) });
  await cluster.settle();
  const workspace = mkdtempSync(join(tmpdir(), "kubelab-ws-"));
  // only SANDBOX exists; anything else is someone else's (or nobody's) sandbox
  const resolve: SandboxResolver = async (_req, id) =>
    id === SANDBOX ? { sandboxId: id, workspaceDir: workspace, client: cluster.apiServer.loopback } : null;
  const goneListeners = new Set<(reason: string) => void>();
  const onSandboxGone = (id: string, gone: (reason: string) => void) => {
    if (id !== SANDBOX) return () => {};
    goneListeners.add(gone);
    return () => goneListeners.delete(gone);
  };
  const server: Server = createPlatformServer({
    routes: [schemaRoute(), editorRoute({ resolve, ...opts.editor }), liveRoute({ resolve, maxStreamsPerSandbox: 2, onSandboxGone })],
    trustProxy: false,
    fallback(_req, res) {
      res.statusCode = 404;
      res.end("fallback");
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    cluster,
    clock,
    workspace,
    json: { "content-type": "application/json", origin: base },
    sandboxGone: (reason) => [...goneListeners].forEach((l) => l(reason)),
    async advance(ms) {
      for (let left = ms; left > 0; left -= 100) {
        clock.advance(Math.min(100, left));
        await cluster.settle();
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      cluster.close();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
