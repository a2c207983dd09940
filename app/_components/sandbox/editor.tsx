"use client";
/**
 * The sandbox's YAML editor: the learner's workspace files (pick, new, rename, autosave), Monaco
 * with Kubernetes validation and completion, and "Apply", which answers like `kubectl apply -f`
 * (`deployment.apps/web created` / `configured` / `unchanged`, or the error at its line).
 *
 * Talks only to our origin: /api/kube/schema.json (once per page), /api/sandboxes/<id>/files…
 * and /api/sandboxes/<id>/apply (server/routes/editor.ts).
 */
import dynamic from "next/dynamic";
import { TERMINAL_READY_EVENT } from "../lesson/events";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import type { JSONSchema } from "monaco-yaml";
import type { ApplyResult } from "../../../server/routes/editor-apply";
import type { WorkspaceFile } from "../../../server/routes/editor-files";
import type { EditorMarker } from "./monaco-yaml-editor";
import { useDarkMode } from "./use-dark-mode";
import "./editor.css";

const MonacoYamlEditor = dynamic(() => import("./monaco-yaml-editor"), {
  ssr: false,
  loading: () => <p className="kl-editor-loading">Loading editor…</p>,
});

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const AUTOSAVE_MS = 800;

const STARTER = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - containerPort: 80
`;

let schemaPromise: Promise<JSONSchema | null> | undefined;
/** the schema, fetched once per page load (the server sends an ETag; the browser revalidates) */
function loadSchema(): Promise<JSONSchema | null> {
  schemaPromise ??= fetch("/api/kube/schema.json", { credentials: "same-origin" })
    .then((r) => (r.ok ? (r.json() as Promise<JSONSchema>) : null))
    .catch(() => null);
  return schemaPromise;
}

type SaveState = "saved" | "dirty" | "saving" | "error";

async function api<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, {
    credentials: "same-origin",
    ...init,
    headers: { "content-type": "application/json", ...(init?.headers ?? {}) },
  });
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new Error(body.message ?? `request failed (${res.status})`);
  return body as T;
}

export function Editor({ sandboxId }: { sandboxId: string }) {
  const base = `/api/sandboxes/${encodeURIComponent(sandboxId)}`;
  const dark = useDarkMode();
  const [schema, setSchema] = useState<JSONSchema | null | undefined>(undefined);
  const [files, setFiles] = useState<WorkspaceFile[]>([]);
  const [current, setCurrent] = useState<string | null>(null);
  const [content, setContent] = useState("");
  const [save, setSave] = useState<SaveState>("saved");
  const [naming, setNaming] = useState<{ mode: "new" | "rename"; value: string; error?: string } | null>(null);
  const [result, setResult] = useState<ApplyResult | null>(null);
  const [applying, setApplying] = useState(false);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [reveal, setReveal] = useState<{ line: number; column: number; seq: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const pending = useRef<{ name: string; content: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Monaco and the schema are heavy (parsing them takes the main thread for a while on a slow
  // machine): wait until the terminal has shown its prompt, or a few seconds, whichever is first
  const [heavyOk, setHeavyOk] = useState(false);
  useEffect(() => {
    const go = () => setHeavyOk(true);
    const fallback = setTimeout(go, 3_000);
    window.addEventListener(TERMINAL_READY_EVENT, go, { once: true });
    return () => {
      clearTimeout(fallback);
      window.removeEventListener(TERMINAL_READY_EVENT, go);
    };
  }, []);
  useEffect(() => {
    if (heavyOk) void loadSchema().then(setSchema);
  }, [heavyOk]);

  const refresh = useCallback(async () => {
    const list = await api<{ files: WorkspaceFile[] }>(`${base}/files`);
    setFiles(list.files);
    return list.files;
  }, [base]);

  const open = useCallback(
    async (name: string) => {
      const f = await api<{ content: string }>(`${base}/files/${encodeURIComponent(name)}`);
      setCurrent(name);
      setContent(f.content);
      setSave("saved");
      setMarkers([]);
      setResult(null);
    },
    [base],
  );

  /** writes the pending edit now (autosave, Apply, switching files) */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const p = pending.current;
    if (!p) return true;
    pending.current = null;
    setSave("saving");
    try {
      await api(`${base}/files/${encodeURIComponent(p.name)}`, { method: "PUT", body: JSON.stringify({ content: p.content }) });
      if (!pending.current) setSave("saved");
      return true;
    } catch (e) {
      setSave("error");
      setProblem(`Could not save ${p.name}: ${(e as Error).message}`);
      return false;
    }
  }, [base]);

  useEffect(() => {
    let cancelled = false;
    refresh()
      .then(async (list) => {
        if (cancelled) return;
        const first = list.find((f) => /\.ya?ml$/.test(f.name)) ?? list[0];
        if (first) await open(first.name);
        else {
          // a fresh workspace: start from an example, saved on first change or Apply
          setCurrent("deployment.yaml");
          setContent(STARTER);
          pending.current = { name: "deployment.yaml", content: STARTER };
          setSave("dirty");
        }
      })
      .catch((e: Error) => setProblem(`Could not load your files: ${e.message}`));
    return () => {
      cancelled = true;
    };
  }, [refresh, open]);

  useEffect(() => () => void flush(), [flush]);

  function onChange(value: string) {
    if (!current) return;
    setContent(value);
    setMarkers([]);
    pending.current = { name: current, content: value };
    setSave("dirty");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush().then(() => refresh()), AUTOSAVE_MS);
  }

  async function onPick(name: string) {
    await flush();
    await open(name).catch((e: Error) => setProblem(e.message));
  }

  async function onApply() {
    if (!current || applying) return;
    setApplying(true);
    setProblem(null);
    try {
      await flush();
      const res = await api<ApplyResult>(`${base}/apply`, { method: "POST", body: JSON.stringify({ yaml: content, filename: current }) });
      setResult(res);
      setMarkers(res.items.filter((i) => !i.ok).map((i) => ({ line: i.line, column: i.column, message: i.text })));
      void refresh();
    } catch (e) {
      setProblem(`Apply failed: ${(e as Error).message}`);
    } finally {
      setApplying(false);
    }
  }

  async function onName(e: FormEvent) {
    e.preventDefault();
    if (!naming) return;
    const name = naming.value.trim();
    if (!FILE_NAME.test(name) || name.includes("..")) {
      setNaming({ ...naming, error: "Use letters, digits, '.', '-' and '_', starting with a letter or digit." });
      return;
    }
    if (files.some((f) => f.name === name) && name !== current) {
      setNaming({ ...naming, error: `${name} already exists.` });
      return;
    }
    try {
      await flush();
      if (naming.mode === "new") {
        const body = `# ${name}\n`;
        await api(`${base}/files/${encodeURIComponent(name)}`, { method: "PUT", body: JSON.stringify({ content: body }) });
        await refresh();
        await open(name);
      } else if (current) {
        const onServer = files.some((f) => f.name === current);
        if (onServer) await api(`${base}/files/${encodeURIComponent(current)}`, { method: "PATCH", body: JSON.stringify({ name }) });
        else await api(`${base}/files/${encodeURIComponent(name)}`, { method: "PUT", body: JSON.stringify({ content }) });
        setCurrent(name);
        setSave("saved");
        await refresh();
      }
      setNaming(null);
    } catch (err) {
      setNaming({ ...naming, error: (err as Error).message });
    }
  }

  const saveText = { saved: "All changes saved", dirty: "Unsaved changes", saving: "Saving…", error: "Not saved" }[save];
  const options = current && !files.some((f) => f.name === current) ? [{ name: current }, ...files] : files;

  return (
    <section className="kl-editor" aria-label="YAML editor">
      <div className="kl-editor-bar">
        <label className="kl-editor-file">
          <span>File</span>
          <select value={current ?? ""} onChange={(e) => void onPick(e.target.value)} disabled={!current}>
            {options.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setNaming({ mode: "new", value: "" })}>
          New
        </button>
        <button type="button" onClick={() => current && setNaming({ mode: "rename", value: current })} disabled={!current}>
          Rename
        </button>
        <button type="button" onClick={() => void flush().then(() => refresh())} disabled={save === "saved" || save === "saving"}>
          Save
        </button>
        <span className={`kl-editor-save kl-editor-save-${save}`} role="status" aria-live="polite">
          {saveText}
        </span>
        <button
          type="button"
          className="kl-editor-apply"
          onClick={() => void onApply()}
          disabled={!current || applying}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {applying ? "Applying…" : "Apply"}
        </button>
      </div>
      {naming && (
        <form className="kl-editor-naming" onSubmit={(e) => void onName(e)}>
          <label>
            <span>{naming.mode === "new" ? "New file name" : `Rename ${current ?? ""} to`}</span>
            <input
              autoFocus
              value={naming.value}
              onChange={(e) => setNaming({ ...naming, value: e.target.value, error: undefined })}
              placeholder="service.yaml"
              aria-invalid={!!naming.error}
              aria-describedby={naming.error ? "kl-editor-naming-error" : undefined}
              onKeyDown={(e) => e.key === "Escape" && setNaming(null)}
            />
          </label>
          <button type="submit">{naming.mode === "new" ? "Create" : "Rename"}</button>
          <button type="button" onClick={() => setNaming(null)}>
            Cancel
          </button>
          {naming.error && (
            <p id="kl-editor-naming-error" className="kl-editor-error" role="alert">
              {naming.error}
            </p>
          )}
        </form>
      )}
      <div className="kl-editor-monaco">
        {heavyOk && current && schema !== undefined ? (
          <MonacoYamlEditor
            path={current}
            value={content}
            onChange={onChange}
            schema={schema}
            dark={dark}
            markers={markers}
            onApply={() => void onApply()}
            reveal={reveal}
            ariaLabel={`YAML of ${current}. Ctrl+Enter applies it; Ctrl+M toggles whether Tab moves focus out of the editor.`}
          />
        ) : (
          <p className="kl-editor-loading">Loading editor…</p>
        )}
      </div>
      <p className="kl-editor-hint">
        <kbd>Ctrl</kbd>+<kbd>Enter</kbd> applies · <kbd>Ctrl</kbd>+<kbd>Space</kbd> suggests fields · <kbd>Ctrl</kbd>+<kbd>M</kbd> lets{" "}
        <kbd>Tab</kbd> leave the editor
      </p>
      {problem && (
        <p className="kl-editor-error" role="alert">
          {problem}
        </p>
      )}
      <div className="kl-editor-output" role="status" aria-live="polite" aria-label="Apply output">
        {result &&
          result.items.map((item, i) => (
            <div key={i} className={item.ok ? "kl-editor-out-ok" : "kl-editor-out-error"} data-outcome={item.outcome ?? "error"}>
              <pre>{item.text}</pre>
              {!item.ok && (
                <button
                  type="button"
                  className="kl-editor-goto"
                  onClick={() => setReveal({ line: item.line, column: item.column, seq: Date.now() })}
                >
                  Go to line {item.line}
                </button>
              )}
            </div>
          ))}
      </div>
    </section>
  );
}
