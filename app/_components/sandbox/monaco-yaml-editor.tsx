"use client";
/**
 * Monaco with YAML validation/completion against the platform's Kubernetes schema. Loaded only in
 * the browser (editor.tsx imports it with `dynamic(..., { ssr: false })`). Everything comes from
 * our bundle: Monaco from the `monaco-editor` package (`loader.config({ monaco })`, never the
 * CDN), workers built from `new URL(..., import.meta.url)`, and the schema given inline with
 * schema requests disabled — the editor makes no request of its own.
 */
import { useEffect, useRef } from "react";
import * as monaco from "monaco-editor";
import MonacoEditor, { loader, type OnMount } from "@monaco-editor/react";
import { configureMonacoYaml, type JSONSchema } from "monaco-yaml";

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === "yaml") return new Worker(new URL("monaco-yaml/yaml.worker", import.meta.url), { type: "module" });
    return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker", import.meta.url), { type: "module" });
  },
};
loader.config({ monaco });

// Themes from app/globals.css's palette (Monaco needs literal colours, not CSS variables).
monaco.editor.defineTheme("kubelab-light", {
  base: "vs",
  inherit: true,
  rules: [],
  colors: {
    "editor.background": "#ffffff",
    "editorLineNumber.foreground": "#57606a",
    "editor.lineHighlightBackground": "#f3f5f8",
    "editorCursor.foreground": "#2459c9",
  },
});
monaco.editor.defineTheme("kubelab-dark", {
  base: "vs-dark",
  inherit: true,
  rules: [],
  colors: {
    "editor.background": "#0f1419",
    "editorLineNumber.foreground": "#9aa4af",
    "editor.lineHighlightBackground": "#1a2129",
    "editorCursor.foreground": "#7aa7ff",
  },
});

const YAML_OWNER = "yaml";
let yamlConfigured = false;
function configureSchema(schema: JSONSchema | null): void {
  if (yamlConfigured) return;
  yamlConfigured = true;
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    format: { enable: true },
    schemas: schema ? [{ uri: new URL("/api/kube/schema.json", window.location.origin).href, fileMatch: ["*"], schema }] : [],
  });
  // yaml-language-server reports schema violations as warnings; the API server rejects every one
  // of them (unknown field, wrong type, missing required field), so show them as errors.
  monaco.editor.onDidChangeMarkers((uris) => {
    for (const resource of uris) {
      const markers = monaco.editor.getModelMarkers({ owner: YAML_OWNER, resource });
      if (!markers.some((m) => m.severity === monaco.MarkerSeverity.Warning)) continue;
      const model = monaco.editor.getModel(resource);
      if (!model) continue;
      monaco.editor.setModelMarkers(
        model,
        YAML_OWNER,
        markers.map((m) => ({ ...m, severity: m.severity === monaco.MarkerSeverity.Warning ? monaco.MarkerSeverity.Error : m.severity })),
      );
    }
  });
}

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

export interface MonacoYamlEditorProps {
  /** model path, one model per workspace file (e.g. "deployment.yaml") */
  path: string;
  value: string;
  onChange(value: string): void;
  /** the Kubernetes schema (null: plain YAML) */
  schema: JSONSchema | null;
  dark: boolean;
  /** markers from the last Apply (shown beside monaco-yaml's own) */
  markers: EditorMarker[];
  /** Ctrl/Cmd+Enter */
  onApply(): void;
  /** bump `seq` to move the cursor to `line` and focus the editor */
  reveal: { line: number; column: number; seq: number } | null;
  ariaLabel: string;
}

const APPLY_OWNER = "kubectl-apply";

export default function MonacoYamlEditor(props: MonacoYamlEditorProps) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const applyRef = useRef(props.onApply);
  applyRef.current = props.onApply;

  configureSchema(props.schema);

  const onMount: OnMount = (editor, m) => {
    editorRef.current = editor;
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => applyRef.current());
  };

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      APPLY_OWNER,
      props.markers.map((mk) => {
        const line = Math.min(Math.max(1, mk.line), model.getLineCount());
        return {
          severity: monaco.MarkerSeverity.Error,
          message: mk.message,
          startLineNumber: line,
          startColumn: Math.max(1, mk.column),
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
          source: "kubectl apply",
        };
      }),
    );
  }, [props.markers, props.path]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !props.reveal) return;
    editor.revealLineInCenter(props.reveal.line);
    editor.setPosition({ lineNumber: props.reveal.line, column: Math.max(1, props.reveal.column) });
    editor.focus();
  }, [props.reveal]);

  return (
    <MonacoEditor
      path={props.path}
      value={props.value}
      language="yaml"
      theme={props.dark ? "kubelab-dark" : "kubelab-light"}
      onChange={(v) => props.onChange(v ?? "")}
      onMount={onMount}
      loading={<p className="kl-editor-loading">Loading editor…</p>}
      options={{
        ariaLabel: props.ariaLabel,
        minimap: { enabled: false },
        automaticLayout: true,
        tabSize: 2,
        insertSpaces: true,
        fontSize: 13,
        scrollBeyondLastLine: false,
        wordWrap: "off",
        renderWhitespace: "selection",
        quickSuggestions: { other: true, comments: false, strings: true },
        fixedOverflowWidgets: true,
        accessibilitySupport: "auto",
      }}
    />
  );
}
