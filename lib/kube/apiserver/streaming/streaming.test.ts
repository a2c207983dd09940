import { createServer, type Server } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { kubeletTestCluster, type KubeletTestCluster } from "../../kubelet/testing";
import { finalStatus, negotiate } from "./channels";
import { dataFrame, FLAG_FIN, FRAME, HeaderCodec, headerBlock, parseFrames, parseHeaderBlock, parseSynStream, ping, SPDY3_DICTIONARY, synStream } from "./spdy-frames";
import { decodeChannelMessage, encodeChannelMessage } from "./websocket";

describe("remotecommand channel protocol", () => {
  it("negotiates the newest protocol both sides speak", () => {
    expect(negotiate(["v4.channel.k8s.io", "v5.channel.k8s.io", "channel.k8s.io"])).toBe("v5.channel.k8s.io");
    expect(negotiate(["channel.k8s.io"])).toBe("channel.k8s.io");
    expect(negotiate(["base64.channel.k8s.io"])).toBeUndefined();
  });

  it("writes the kubelet's final Status (v4+ JSON, older protocols plain text)", () => {
    expect(finalStatus("v5.channel.k8s.io", { code: 0 }, ["ls"])).toBe('{"metadata":{},"status":"Success"}');
    expect(finalStatus("v4.channel.k8s.io", { code: 3 }, ["sh", "-c", "exit 3"])).toBe(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    );
    expect(finalStatus("v2.channel.k8s.io", { code: 0 }, ["ls"])).toBeUndefined();
    expect(finalStatus("channel.k8s.io", { error: "boom" }, ["ls"])).toBe("boom");
  });

  it("frames WebSocket messages with a leading channel byte", () => {
    const m = encodeChannelMessage(1, "hé");
    expect([...m]).toEqual([1, 0x68, 0xc3, 0xa9]);
    expect(decodeChannelMessage(Buffer.from([255, 0]))).toEqual({ channel: 255, data: Buffer.from([0]) });
    expect(decodeChannelMessage(Buffer.alloc(0))).toBeUndefined();
  });
});

describe("SPDY/3.1 frames", () => {
  it("has the 1423-byte SPDY/3 dictionary", () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(SPDY3_DICTIONARY.subarray(0, 11).toString("latin1")).toBe("\0\0\0\x07options");
    expect(SPDY3_DICTIONARY.subarray(-9).toString("latin1")).toBe(",*,enq=0.");
  });

  it("round-trips header blocks through persistent compression contexts", async () => {
    const client = new HeaderCodec();
    const server = new HeaderCodec();
    for (const type of ["error", "stdout"]) {
      const block = await client.encode([["streamType", type]]);
      expect((await server.decode(block)).get("streamtype")).toEqual([type]);
    }
    expect(parseHeaderBlock(headerBlock([["A", "x\0y"]]))).toEqual(new Map([["a", ["x", "y"]]]));
    client.close();
    server.close();
  });

  it("splits a byte stream into control and data frames", () => {
    const bytes = Buffer.concat([synStream(1, Buffer.from("hdr")), dataFrame(3, FLAG_FIN, Buffer.from("abc")), ping(7)]);
    const { frames, rest } = parseFrames(Buffer.concat([bytes, Buffer.from([0x80, 3])]));
    expect(rest.length).toBe(2);
    expect(frames.map((f) => (f.type === "data" ? ["data", f.streamId, f.flags, f.data.toString()] : ["control", f.kind, f.flags]))).toEqual([
      ["control", FRAME.synStream, 0],
      ["data", 3, FLAG_FIN, "abc"],
      ["control", FRAME.ping, 0],
    ]);
    const syn = frames[0]!;
    expect(syn.type === "control" && parseSynStream(syn.body)).toEqual({ streamId: 1, block: Buffer.from("hdr") });
  });
});

let t: KubeletTestCluster;
let server: Server;
let port: number;
beforeAll(async () => {
  t = await kubeletTestCluster({ token: "tok" });
  server = createServer((req, res) => t.cluster.handle(req, res));
  server.on("upgrade", (req, socket, head) => t.cluster.upgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  await t.createPod("bb", { containers: [{ name: "bb", image: "busybox", command: ["sleep", "infinity"] }] });
  await t.run(20_000);
});
afterAll(async () => {
  t?.close();
  server?.closeAllConnections();
  await new Promise<void>((r) => server?.close(() => r()));
});

describe("exec over WebSocket", () => {
  it("streams stdin to cat, honours the v5 close signal, answers pings, ends with Status and close", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/namespaces/default/pods/bb/exec?command=cat&stdin=true&stdout=true&stderr=true`, ["v5.channel.k8s.io"], { headers: { Authorization: "Bearer tok" } });
    const got: [number, string][] = [];
    let pong = false;
    ws.on("pong", () => (pong = true));
    const closed = new Promise<number>((r) => ws.on("close", (code) => r(code)));
    ws.on("message", (d: Buffer) => got.push([d[0]!, d.subarray(1).toString()]));
    await new Promise((r) => ws.on("open", r));
    expect(ws.protocol).toBe("v5.channel.k8s.io");
    ws.ping();
    ws.send(Buffer.from([0, ...Buffer.from("hello\n")]));
    ws.send(Buffer.from([255, 0]));
    expect(await closed).toBe(1000);
    expect(pong).toBe(true);
    expect(got).toEqual([
      [1, ""],
      [1, "hello\n"],
      [3, '{"metadata":{},"status":"Success"}'],
    ]);
  });
});

describe("exec over SPDY/3.1", () => {
  it("opens streams by streamType, relays output and FINs the error stream with the Status", async () => {
    const sock: Socket = connect(port, "127.0.0.1");
    await new Promise((r) => sock.on("connect", r));
    sock.write(
      "POST /api/v1/namespaces/default/pods/bb/exec?command=sh&command=-c&command=echo%20hi%3B%20exit%202&stdout=true&stderr=true HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\nX-Stream-Protocol-Version: channel.k8s.io\r\nContent-Length: 0\r\n\r\n",
    );
    let buf: Buffer = Buffer.alloc(0);
    let head = "";
    const frames: ReturnType<typeof parseFrames>["frames"] = [];
    const done = new Promise<void>((resolve) => {
      sock.on("data", (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        if (!head) {
          const i = buf.indexOf("\r\n\r\n");
          if (i < 0) return;
          head = buf.subarray(0, i).toString();
          buf = buf.subarray(i + 4);
        }
        const r = parseFrames(buf);
        frames.push(...r.frames);
        buf = Buffer.from(r.rest);
      });
      sock.on("close", () => resolve());
    });
    const codec = new HeaderCodec();
    for (const [id, type] of [[1, "error"], [3, "stdout"], [5, "stderr"]] as const) sock.write(synStream(id, await codec.encode([["streamType", type]])));
    await done;
    codec.close();
    expect(head).toContain("HTTP/1.1 101 Switching Protocols");
    expect(head).toContain("X-Stream-Protocol-Version: v4.channel.k8s.io");
    const summary = frames.map((f) => (f.type === "data" ? `data ${f.streamId} ${f.flags} ${f.data.toString()}` : `control ${f.kind}`));
    expect(summary).toEqual([
      `control ${FRAME.synReply}`,
      `control ${FRAME.synReply}`,
      `control ${FRAME.synReply}`,
      "data 3 0 hi\n",
      'data 1 1 {"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c echo hi; exit 2], exit code 2","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"2"}]}}',
      "data 3 1 ",
      "data 5 1 ",
      `control ${FRAME.goAway}`,
    ]);
  });
});
