/**
 * The kubelet's streaming server side of `kubectl exec` and `kubectl attach` (pkg/kubelet/server
 * getExec/getAttach → the runtime's ExecSync/Attach): finds the running container on the pod's
 * node and runs the session in the simulated runtime, with a terminal line discipline when the
 * client asked for a TTY. Errors use the kubelet's wording (`container not found ("x")`), which
 * the API server reports as `unable to upgrade connection: …`.
 */
import { StatusError } from "../api/errors";
import type { StreamExit, StreamRequest, StreamSink, StreamSession, StreamSource } from "../apiserver/types";
import { InputStream, LineDiscipline, onlcr, type ContainerRecord, type NodeRuntime } from "../runtime";

export interface StreamHost {
  runtime(node: string): NodeRuntime | undefined;
  isRunning(node: string): boolean;
  hostIP(node: string): string;
}

/** the CRI error without gRPC's wrapping, as the kubelet reports it */
function criMessage(error: string): string {
  return error.replace(/^rpc error: code = \w+ desc = /, "");
}

function findContainer(host: StreamHost, req: StreamRequest): { rt: NodeRuntime; rec: ContainerRecord } {
  const node = (req.pod.spec as { nodeName?: string } | undefined)?.nodeName ?? "";
  const rt = host.runtime(node);
  if (!rt || !host.isRunning(node)) {
    // the API server cannot reach the kubelet: its proxy's Status carries no reason
    const e = new StatusError(500, "InternalError", `error dialing backend: dial tcp ${host.hostIP(node) || node}:10250: connect: connection refused`);
    e.status.reason = "";
    throw e;
  }
  const uid = req.pod.metadata.uid ?? "";
  const rec = rt.sandboxes.has(uid) ? rt.containersOf(uid, req.container).find((c) => c.state === "running") : undefined;
  // the kubelet answers with plain text; the client reports "unable to upgrade connection: …"
  if (!rec) throw new Error(`container not found ("${req.container}")`);
  return { rt, rec };
}

/** the session's output side: a terminal merges stderr into stdout and translates newlines */
function outputs(sink: StreamSink, tty: boolean) {
  return {
    out: (t: string) => sink.stdout(tty ? onlcr(t) : t),
    err: (t: string) => (tty ? sink.stdout(onlcr(t)) : sink.stderr(t)),
  };
}

function execSession(rt: NodeRuntime, rec: ContainerRecord, req: StreamRequest, sink: StreamSink): StreamSession {
  const input = req.stdin ? new InputStream() : undefined;
  const { out, err } = outputs(sink, req.tty);
  let ended = false;
  const interrupt = { fn: () => undefined as void };
  const tty = input && req.tty ? new LineDiscipline(input, (t) => sink.stdout(t), () => interrupt.fn()) : undefined;
  const finish = (r: { code: number } | { error: string }) => {
    if (ended) return;
    ended = true;
    const exit: StreamExit = "error" in r ? { error: `error executing command in container: ${criMessage(r.error)}` } : { code: r.code };
    sink.exit(exit);
  };
  const handle = rt.exec(rec.id, req.command, finish, { out, err, ...(input ? { input } : {}), ...(req.tty ? { tty: true } : {}) });
  interrupt.fn = () => handle.interrupt();
  return {
    stdin(data) {
      if (tty) tty.feed(data);
      else input?.push(data);
    },
    closeStdin: () => input?.end(),
    resize: (width, height) => tty?.resize({ width, height }),
    close() {
      if (!ended) handle?.cancel();
    },
  };
}

function attachSession(rec: ContainerRecord, req: StreamRequest, sink: StreamSink): StreamSession {
  const tty = !!rec.tty;
  const { out, err } = outputs(sink, tty);
  let ended = false;
  const listener = (stream: "stdout" | "stderr" | "exit", text: string) => {
    if (stream === "exit") {
      ended = true;
      rec.attached?.delete(listener);
      sink.exit({ code: 0 });
    } else if (stream === "stdout" && req.stdout) out(text);
    else if (stream === "stderr" && (req.stderr || tty)) err(text);
  };
  (rec.attached ??= new Set()).add(listener);
  const input = req.stdin ? rec.input : undefined;
  const line = input && tty ? new LineDiscipline(input, (t) => out(t), () => rec.process?.interrupt()) : undefined;
  return {
    stdin(data) {
      if (line) line.feed(data);
      else input?.push(data);
    },
    closeStdin() {},
    resize: (width, height) => line?.resize({ width, height }),
    close() {
      if (!ended) rec.attached?.delete(listener);
    },
  };
}

/** the cluster's StreamSource over its kubelets' runtimes */
export function createStreamSource(host: StreamHost): StreamSource {
  return {
    open(req) {
      const { rt, rec } = findContainer(host, req);
      return {
        start: (sink) => (req.kind === "exec" ? execSession(rt, rec, req, sink) : attachSession(rec, req, sink)),
      };
    },
  };
}
