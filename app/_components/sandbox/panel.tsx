"use client";
/**
 * The lesson's sandbox panel, docked at the bottom of the window: the learner's own cluster for
 * this course (created on first visit through POST /api/sandboxes, in the lesson's starting
 * state), with the terminal, the YAML editor and the live view side by side, a reset button and
 * "use your own kubectl" (kubeconfig download, copyable one-liner).
 *
 * Shown only on lessons that declare a `sandbox:` block: those are the lessons written around a
 * cluster, and reading-only lessons should not start (or wake) one for nothing.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { Editor } from "./editor";
import { LiveView } from "./live-view";
import { Terminal } from "./terminal";
import "./panel.css";

interface SandboxInfo {
  id: string;
  apiUrl: string;
  nodes: string[];
}

type State = { phase: "starting" } | { phase: "ready"; sandbox: SandboxInfo } | { phase: "error"; message: string };

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(data.message ?? `HTTP ${res.status}`);
  return data;
}

const OPEN_KEY = "kubelab:sandbox-open";

export function SandboxPanel({ course, lessonId }: { course: string; lessonId: string }) {
  const [state, setState] = useState<State>({ phase: "starting" });
  const [open, setOpen] = useState(true);
  const [generation, setGeneration] = useState(0);
  const [confirmReset, setConfirmReset] = useState(false);
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [oneLiner, setOneLiner] = useState<string>();
  const confirmTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    setOpen(window.localStorage.getItem(OPEN_KEY) !== "0");
  }, []);

  useEffect(() => {
    document.body.classList.toggle("sandbox-docked", open);
    return () => document.body.classList.remove("sandbox-docked");
  }, [open]);

  const start = useCallback(async () => {
    setState({ phase: "starting" });
    try {
      setState({ phase: "ready", sandbox: await post<SandboxInfo>("/api/sandboxes", { course, lesson: lessonId }) });
    } catch (e) {
      setState({ phase: "error", message: (e as Error).message });
    }
  }, [course, lessonId]);

  useEffect(() => {
    void start();
  }, [start]);

  function toggle() {
    setOpen((o) => {
      window.localStorage.setItem(OPEN_KEY, o ? "0" : "1");
      return !o;
    });
  }

  async function reset(id: string) {
    if (!confirmReset) {
      setConfirmReset(true);
      clearTimeout(confirmTimer.current);
      confirmTimer.current = setTimeout(() => setConfirmReset(false), 5000);
      return;
    }
    clearTimeout(confirmTimer.current);
    setConfirmReset(false);
    setBusy("reset");
    setNotice(undefined);
    try {
      const sandbox = await post<SandboxInfo>(`/api/sandboxes/${id}/reset`, { lesson: lessonId });
      setState({ phase: "ready", sandbox });
      setGeneration((g) => g + 1);
      setNotice("The cluster is back to this lesson's starting state.");
    } catch (e) {
      setNotice(`Reset failed: ${(e as Error).message}`);
    } finally {
      setBusy(undefined);
    }
  }

  async function copyOneLiner(id: string) {
    setBusy("credentials");
    setNotice(undefined);
    try {
      const c = await post<{ oneLiner: string }>(`/api/sandboxes/${id}/credentials`, {});
      setOneLiner(c.oneLiner);
      try {
        await navigator.clipboard.writeText(c.oneLiner);
        setNotice("Copied. Paste it into a terminal on your machine (kubectl 1.27–1.33).");
      } catch {
        setNotice("Select the command below and copy it.");
      }
    } catch (e) {
      setNotice(`Could not create credentials: ${(e as Error).message}`);
    } finally {
      setBusy(undefined);
    }
  }

  const sandbox = state.phase === "ready" ? state.sandbox : undefined;
  return (
    <section className={`sandbox-panel${open ? " is-open" : ""}`} aria-label="Your cluster" data-testid="sandbox-panel" data-sandbox-id={sandbox?.id}>
      <header className="sandbox-header">
        <button type="button" className="sandbox-toggle" aria-expanded={open} onClick={toggle}>
          <span aria-hidden="true">{open ? "▾" : "▴"}</span> Your cluster
        </button>
        <span className="sandbox-status" aria-live="polite">
          {state.phase === "starting" && "starting…"}
          {sandbox && `${sandbox.nodes.length} node${sandbox.nodes.length === 1 ? "" : "s"} · ready`}
          {state.phase === "error" && <span className="sandbox-error">could not start: {state.message}</span>}
        </span>
        {state.phase === "error" && (
          <button type="button" className="button button-small" onClick={() => void start()}>
            Try again
          </button>
        )}
        {sandbox && (
          <div className="sandbox-actions">
            <button type="button" className="button button-small button-secondary" disabled={!!busy} onClick={() => void reset(sandbox.id)}>
              {busy === "reset" ? "Resetting…" : confirmReset ? "Confirm reset" : "Reset"}
            </button>
            <a className="button button-small button-secondary" href={`/api/sandboxes/${sandbox.id}/kubeconfig`} download>
              Download kubeconfig
            </a>
            <button type="button" className="button button-small button-secondary" disabled={!!busy} onClick={() => void copyOneLiner(sandbox.id)}>
              Copy kubectl one-liner
            </button>
          </div>
        )}
      </header>
      {open && (notice || oneLiner || confirmReset) && (
        <div className="sandbox-notice" role="status">
          {confirmReset && <p>Reset deletes everything you created in this cluster and restores the lesson&apos;s starting state. Click &quot;Confirm reset&quot;.</p>}
          {notice && <p>{notice}</p>}
          {oneLiner && (
            <>
              <pre className="sandbox-oneliner" tabIndex={0}>
                {oneLiner}
              </pre>
              <p className="meta">Each download or copy issues a new token: earlier kubeconfigs for this cluster stop working.</p>
            </>
          )}
        </div>
      )}
      {sandbox && (
        <div className="sandbox-body" hidden={!open}>
          <div className="sandbox-slot sandbox-terminal">
            <Terminal sandboxId={sandbox.id} />
          </div>
          <div className="sandbox-slot sandbox-editor">
            <Editor sandboxId={sandbox.id} />
          </div>
          <div className="sandbox-slot sandbox-live">
            <LiveView key={generation} sandboxId={sandbox.id} />
          </div>
        </div>
      )}
    </section>
  );
}
