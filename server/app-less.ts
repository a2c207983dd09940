/**
 * The request handler used when the platform starts without the Next app (`start({ app: false })`,
 * for tests of the platform's own routes): Auth.js's endpoints under /api/auth/* — the same
 * `handleAuth` the app's route handler calls, so sign-in and sessions work — and 404 for the rest.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AUTH_BASE_PATH, handleAuth } from "../lib/auth/index";
import { requestHeaders } from "./session";

const MAX_BODY = 64 * 1024;

export async function appLessHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const pathname = (req.url ?? "/").split("?")[0] ?? "/";
  if (!pathname.startsWith(`${AUTH_BASE_PATH}/`)) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not Found (started without the app)\n");
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) {
      res.writeHead(413, { "content-type": "text/plain; charset=utf-8" });
      res.end("Request body too large\n");
      return;
    }
    chunks.push(chunk);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method,
    headers: requestHeaders(req),
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
  const response = await handleAuth(request);
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}
