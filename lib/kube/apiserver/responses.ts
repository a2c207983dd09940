/**
 * Writing responses. Every error leaves the server through `writeError`, the one place a thrown
 * value becomes a metav1.Status (a `StatusError` keeps its code/reason/message; anything else is
 * a 500 InternalError), so kubectl prints `Error from server (Reason): message` for all of them.
 */
import type { ServerResponse } from "node:http";
import { errors, isStatusError } from "../api/errors";
import type { Status } from "../api/types";

/** Maps anything thrown to the Status sent (the single error mapping). */
export function statusOf(err: unknown): Status {
  if (isStatusError(err)) return err.status;
  return errors.internal(err).status;
}

export function writeJSON(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

export function writeError(res: ServerResponse, err: unknown): Status {
  const status = statusOf(err);
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return status;
  }
  const retry = status.details?.retryAfterSeconds;
  if (retry !== undefined && (status.code === 429 || status.code === 503)) res.setHeader("Retry-After", String(retry));
  writeJSON(res, status.code, status);
  return status;
}

/** A `Warning: 299 - "text"` header value, escaped as net/http's warning writer does. */
export function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

export function writeText(res: ServerResponse, code: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  if (res.headersSent) return;
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
