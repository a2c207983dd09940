"use client";
/**
 * `<Command run="kubectl get pods" />` — a command the learner can copy (and, once the terminal exists,
 * run). Clicking the button dispatches `kubelab:run-command` on window (detail: { command }) and copies
 * the command to the clipboard. Optional children (markdown) are shown below as notes or expected output.
 */
import { useEffect, useRef, useState, type ReactNode } from "react";
import { RUN_COMMAND_EVENT, type RunCommandDetail } from "./events";

export function Command({ run, title, children }: { run: string; title?: string; children?: ReactNode }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function onClick() {
    window.dispatchEvent(new CustomEvent<RunCommandDetail>(RUN_COMMAND_EVENT, { detail: { command: run } }));
    const ok = await copyText(run);
    setState(ok ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), 2000);
  }

  return (
    <div className="mdx-command" data-command={run}>
      {title ? <p className="mdx-command-title">{title}</p> : null}
      <div className="mdx-command-row">
        <pre className="mdx-command-line" tabIndex={0}>
          <span className="mdx-command-prompt" aria-hidden="true">
            ${" "}
          </span>
          <code>{run}</code>
        </pre>
        <button type="button" className="mdx-command-copy" onClick={onClick} aria-label={`Copy command: ${run}`}>
          {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
        </button>
      </div>
      <span className="mdx-sr-only" role="status" aria-live="polite">
        {state === "copied"
          ? "Command copied to the clipboard"
          : state === "failed"
            ? "Could not copy; select the command and copy it"
            : ""}
      </span>
      {children ? <div className="mdx-command-notes">{children}</div> : null}
    </div>
  );
}

async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection fallback
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
