/**
 * The remotecommand stream protocol shared by the WebSocket and SPDY transports
 * (k8s.io/apimachinery/pkg/util/remotecommand, k8s.io/kubelet/pkg/cri/streaming/remotecommand):
 * protocol versions, channel numbers, and the final status written on the error channel.
 */
import type { StreamExit } from "../types";

/** newest first: the server picks the first one the client offers */
export const STREAM_PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"] as const;
export type StreamProtocol = (typeof STREAM_PROTOCOLS)[number];

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** the protocol to speak, given what the client offers (undefined: none we know) */
export function negotiate(offered: Iterable<string>): StreamProtocol | undefined {
  const set = new Set([...offered].map((p) => p.trim()));
  return STREAM_PROTOCOLS.find((p) => set.has(p));
}

/**
 * What goes on the error channel when the session ends; undefined = nothing (success before
 * v4). v4+ carry a metav1.Status as JSON (no kind/apiVersion, as the kubelet marshals it);
 * v1–v3 the error text alone.
 */
export function finalStatus(protocol: StreamProtocol, exit: StreamExit, command: string[]): string | undefined {
  const structured = protocol === "v4.channel.k8s.io" || protocol === "v5.channel.k8s.io";
  if ("code" in exit && exit.code === 0) return structured ? JSON.stringify({ metadata: {}, status: "Success" }) : undefined;
  if ("code" in exit) {
    const message = `command terminated with non-zero exit code: error executing command [${command.join(" ")}], exit code ${exit.code}`;
    if (!structured) return message;
    return JSON.stringify({ metadata: {}, status: "Failure", message, reason: "NonZeroExitCode", details: { causes: [{ reason: "ExitCode", message: String(exit.code) }] } });
  }
  if (!structured) return exit.error;
  return JSON.stringify({ metadata: {}, status: "Failure", message: `Internal error occurred: ${exit.error}`, reason: "InternalError", details: { causes: [{ message: exit.error }] }, code: 500 });
}

/** the resize channel's payload: `{"Width":100,"Height":30}` */
export function parseResize(data: Buffer): { width: number; height: number } | undefined {
  try {
    const v = JSON.parse(data.toString("utf8")) as { Width?: unknown; Height?: unknown };
    if (typeof v.Width === "number" && typeof v.Height === "number") return { width: v.Width, height: v.Height };
  } catch {
    /* ignored, as the kubelet does */
  }
  return undefined;
}
