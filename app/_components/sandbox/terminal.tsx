"use client";
/**
 * The learner's terminal: xterm.js (bundled from npm, its CSS imported here — nothing from a CDN)
 * over the WebSocket at /api/sandboxes/<id>/terminal (server/routes/terminal.ts). Keystrokes go to
 * the server as {type:"input"}, size changes as {type:"resize"}; the server's session does the line
 * editing, history and completion and sends {type:"output"}. A lesson's Command block dispatches
 * `kubelab:run-command`; the command is sent as {type:"run"} and the terminal takes focus.
 * Reconnects with backoff when the connection drops.
 */
import { useEffect, useRef, useState } from "react";
import "@xterm/xterm/css/xterm.css";
import "./terminal.css";
import { RUN_COMMAND_EVENT, TERMINAL_READY_EVENT } from "../lesson/events";

type Status = "connecting" | "connected" | "reconnecting";

export function Terminal({ sandboxId }: { sandboxId: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>("connecting");

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let disposed = false;
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const pending: string[] = []; // commands clicked before the connection is open
    const cleanups: (() => void)[] = [];

    void (async () => {
      const [{ Terminal: XTerm }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed) return;
      const term = new XTerm({
        cursorBlink: true,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
        fontSize: 13,
        scrollback: 5000,
        theme: { background: "#0f1419", foreground: "#e6e1cf", cursor: "#f5c26b" },
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(el);
      const safeFit = () => {
        try {
          fit.fit();
        } catch {
          /* hidden (zero size) */
        }
      };
      safeFit();
      cleanups.push(() => term.dispose());

      const send = (message: object): boolean => {
        if (socket?.readyState !== WebSocket.OPEN) return false;
        socket.send(JSON.stringify(message));
        return true;
      };

      let announced = false;
      const connect = () => {
        if (disposed) return;
        const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
        const url = `${proto}//${window.location.host}/api/sandboxes/${encodeURIComponent(sandboxId)}/terminal?cols=${term.cols}&rows=${term.rows}`;
        const ws = new WebSocket(url);
        socket = ws;
        ws.onopen = () => {
          attempts = 0;
          setStatus("connected");
          send({ type: "resize", cols: term.cols, rows: term.rows });
          for (const command of pending.splice(0)) send({ type: "run", command });
        };
        ws.onmessage = (ev: MessageEvent) => {
          if (typeof ev.data !== "string") return;
          try {
            const m = JSON.parse(ev.data) as { type?: string; data?: unknown };
            if (m.type === "output" && typeof m.data === "string") {
              term.write(m.data);
              if (!announced) {
                announced = true;
                window.dispatchEvent(new Event(TERMINAL_READY_EVENT));
              }
            }
          } catch {
            /* not ours */
          }
        };
        ws.onclose = () => {
          if (disposed || socket !== ws) return;
          setStatus("reconnecting");
          term.write("\r\n\x1b[33m[connection lost — reconnecting…]\x1b[0m\r\n");
          const delay = Math.min(10_000, 500 * 2 ** attempts++);
          retry = setTimeout(connect, delay);
        };
      };

      const input = term.onData((data) => send({ type: "input", data }));
      const resize = term.onResize(({ cols, rows }) => send({ type: "resize", cols, rows }));
      cleanups.push(
        () => input.dispose(),
        () => resize.dispose(),
      );

      const observer = new ResizeObserver(() => safeFit());
      observer.observe(el);
      cleanups.push(() => observer.disconnect());

      const onRun = (ev: WindowEventMap[typeof RUN_COMMAND_EVENT]) => {
        const command = ev.detail?.command;
        if (typeof command !== "string" || !command.trim()) return;
        if (!send({ type: "run", command })) pending.push(command);
        term.focus();
      };
      window.addEventListener(RUN_COMMAND_EVENT, onRun);
      cleanups.push(() => window.removeEventListener(RUN_COMMAND_EVENT, onRun));

      connect();
    })();

    return () => {
      disposed = true;
      clearTimeout(retry);
      const s = socket;
      socket = undefined;
      s?.close();
      for (const c of cleanups.reverse()) c();
    };
  }, [sandboxId]);

  return (
    <div className="kubelab-terminal" data-terminal-status={status}>
      <div ref={host} className="kubelab-terminal-screen" role="region" aria-label="Terminal: kubectl for your sandbox" />
      {status !== "connected" && (
        <p className="kubelab-terminal-status" role="status">
          {status === "connecting" ? "Connecting…" : "Reconnecting…"}
        </p>
      )}
    </div>
  );
}
