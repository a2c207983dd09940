import { describe, expect, it } from "vitest";
import { FakeClock } from "../../clock";
import { MemFs } from "../fs";
import { Process } from "../process";
import { programsFor } from "../programs";
import { applets } from "./applets";
import { BUSYBOX_ONLY } from "./applets-net";
import { Shell } from "./interp";
import { LineDiscipline, onlcr } from "./tty";
import { InputStream, type ConnectResult, type ProcessHost } from "./types";

const T0 = Date.UTC(2026, 10, 27, 13, 48, 55);

function session(argv: string[], o: { flavor?: "busybox" | "gnu"; input?: InputStream; tty?: boolean; connect?: (h: string, p: number) => ConnectResult } = {}) {
  const clock = new FakeClock(T0);
  let out = "";
  let code: number | undefined;
  const fs = new MemFs();
  fs.now = () => clock.now();
  fs.seed({ "/etc/hostname": "web\n", "/etc/resolv.conf": "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n" }, ["/tmp", "/etc"]);
  const proc = new Process({ clock, onExit: (c) => (code = c) });
  const flavor = o.flavor ?? "busybox";
  const host: ProcessHost = {
    fs,
    now: () => clock.now(),
    hostname: "web",
    flavor,
    ip: "10.244.1.5",
    has: (n) => n === "sh" || n === "bash" || (n in applets && (flavor === "busybox" || !BUSYBOX_ONLY.has(n))),
    program: programsFor({}, {}),
    http: () => undefined,
    listen: () => undefined,
    setMemory: () => undefined,
    onTerm: (h) => (proc.termHandler = h),
    connect: (h, p) => o.connect?.(h, p) ?? { outcome: "unresolved" },
    dnsQuery: (_s, name) => (name === "web.default.svc.cluster.local" ? { rcode: "NOERROR", answers: [{ name, type: "A", data: "10.96.12.34" }], authoritative: true } : { rcode: "NXDOMAIN", answers: [], authoritative: true }),
    echo: (ip) => !ip.startsWith("10.96."),
    processes: () => [{ pid: 1, argv: ["sleep", "infinity"], startedAt: T0 }, { pid: 7, argv: ["sh"], startedAt: T0 }],
    signal: (pid) => pid === 1,
  };
  const env = new Map([["PATH", "/bin"]]);
  const io = { out: (t: string) => void (out += t), err: (t: string) => void (out += t), stdin: null, ...(o.input ? { input: o.input } : {}), ...(o.tty ? { tty: true } : {}) };
  proc.start(new Shell(host, env).run(argv, env, io));
  return { out: () => out, code: () => code, clock, proc, fs };
}

const web: (h: string, p: number) => ConnectResult = (h, p) =>
  h === "web" && p === 80 ? { outcome: "connected", ip: "10.96.12.34", reply: { status: 200, body: "hello\n" } } : h === "web" ? { outcome: "timeout", ip: "10.96.12.34" } : h === "10.244.1.9" ? { outcome: "refused", ip: h } : { outcome: "unresolved" };

describe("network applets", () => {
  it("wget: -qO-, progress to stderr, refused, bad address, timeout on the clock", () => {
    expect(session(["wget", "-qO-", "http://web"], { connect: web }).out()).toBe("hello\n");
    expect(session(["wget", "-O-", "http://web"], { connect: web }).out()).toBe(
      "Connecting to web (10.96.12.34:80)\nwriting to stdout\n-                    100% |********************************|     6  0:00:00 ETA\nwritten to stdout\nhello\n",
    );
    const refused = session(["wget", "http://10.244.1.9"], { connect: web });
    expect([refused.out(), refused.code()]).toEqual(["Connecting to 10.244.1.9 (10.244.1.9:80)\nwget: can't connect to remote host (10.244.1.9): Connection refused\n", 1]);
    expect(session(["wget", "-q", "http://nope"], { connect: web }).out()).toBe("wget: bad address 'nope'\n");
    const slow = session(["wget", "-q", "-T", "2", "http://web:8080"], { connect: web });
    slow.clock.advance(1999);
    expect(slow.code()).toBeUndefined();
    slow.clock.advance(1);
    expect([slow.out(), slow.code()]).toEqual(["wget: download timed out\n", 1]);
  });

  it("wget saves to a file named after the URL", () => {
    const s = session(["wget", "-q", "http://web/index.html"], { connect: web });
    expect(s.fs.read("/index.html")).toBe("hello\n");
  });

  it("curl: errors with curl's codes and texts", () => {
    const nohost = session(["curl", "-s", "http://nope"], { connect: web });
    expect([nohost.out(), nohost.code()]).toEqual(["", 6]);
    expect(session(["curl", "-sS", "http://nope"], { connect: web }).out()).toBe("curl: (6) Could not resolve host: nope\n");
    const refused = session(["curl", "-sS", "http://10.244.1.9"], { connect: web });
    expect([refused.out(), refused.code()]).toEqual(["curl: (7) Failed to connect to 10.244.1.9 port 80 after 0 ms: Couldn't connect to server\n", 7]);
    const slow = session(["curl", "-sS", "-m", "2", "http://web:81"], { connect: web });
    slow.clock.advance(2000);
    expect([slow.out(), slow.code()]).toEqual(["curl: (28) Connection timed out after 2000 milliseconds\n", 28]);
    expect(session(["curl", "-sI", "http://web"], { connect: web }).out()).toBe("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n");
  });

  it("curl -v shows the exchange", () => {
    expect(session(["curl", "-v", "http://web"], { connect: web }).out()).toBe(
      "*   Trying 10.96.12.34:80...\n* Connected to web (10.96.12.34) port 80\n> GET / HTTP/1.1\n> Host: web\n> User-Agent: curl/8.11.1\n> Accept: */*\n> \n< HTTP/1.1 200 OK\n< Content-Length: 6\n< \nhello\n* Connection #0 to host web left intact\n",
    );
  });

  it("nslookup walks the search path like busybox", () => {
    expect(session(["nslookup", "web"]).out()).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.12.34\n\n\n");
    const miss = session(["nslookup", "nope"]);
    expect(miss.out()).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n");
    expect(miss.code()).toBe(1);
  });

  it("ping: replies once a second from a pod; a ClusterIP never answers", () => {
    const p = session(["ping", "-c", "2", "10.244.1.9"]);
    p.clock.advance(1000);
    expect(p.out()).toBe(
      "PING 10.244.1.9 (10.244.1.9): 56 data bytes\n64 bytes from 10.244.1.9: seq=0 ttl=64 time=0.081 ms\n64 bytes from 10.244.1.9: seq=1 ttl=64 time=0.094 ms\n\n--- 10.244.1.9 ping statistics ---\n2 packets transmitted, 2 packets received, 0% packet loss\nround-trip min/avg/max = 0.081/0.087/0.094 ms\n",
    );
    const svc = session(["ping", "web"], { connect: web });
    svc.clock.advance(3000);
    svc.proc.interrupt();
    expect(svc.out()).toBe("PING web (10.96.12.34): 56 data bytes\n\n\n--- web ping statistics ---\n4 packets transmitted, 0 packets received, 100% packet loss\n");
    expect(svc.code()).toBe(1);
    expect(session(["ping", "nope"], { connect: web }).out()).toBe("ping: bad address 'nope'\n");
  });

  it("ip addr / ip route describe eth0", () => {
    const a = session(["ip", "addr"]).out();
    expect(a).toContain("2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n");
    expect(a).toContain("    inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0\n");
    expect(session(["ip", "route"]).out()).toBe("default via 10.244.1.1 dev eth0 \n10.244.1.0/24 dev eth0 scope link  src 10.244.1.5 \n");
  });

  it("Debian-based images have no busybox network tools", () => {
    expect(session(["sh", "-c", "ping web"], { flavor: "gnu" }).out()).toBe("sh: 1: ping: not found\n");
  });
});

describe("system applets", () => {
  it("ls -l in busybox and coreutils formats; -a shows dot entries", () => {
    expect(session(["ls", "-l", "/etc"]).out()).toBe("-rw-r--r--    1 root     root             4 Nov 27 13:48 hostname\n-rw-r--r--    1 root     root           103 Nov 27 13:48 resolv.conf\n");
    expect(session(["ls", "-l", "/etc"], { flavor: "gnu" }).out()).toBe("total 8\n-rw-r--r-- 1 root root   4 Nov 27 13:48 hostname\n-rw-r--r-- 1 root root 103 Nov 27 13:48 resolv.conf\n");
    expect(session(["ls", "-a", "/etc"]).out()).toBe(".\n..\nhostname\nresolv.conf\n");
    expect(session(["ls", "/nope"]).out()).toBe("ls: /nope: No such file or directory\n");
  });

  it("ps lists the container's processes", () => {
    expect(session(["ps"]).out()).toBe("PID   USER     TIME  COMMAND\n    1 root      0:00 sleep infinity\n    7 root      0:00 sh\n    8 root      0:00 ps\n");
  });

  it("kill reports a missing PID", () => {
    const k = session(["sh", "-c", "kill 1; kill 42"]);
    expect([k.out(), k.code()]).toEqual(["sh: can't kill pid 42: No such process\n", 1]);
  });

  it("echo redirection into files, cat them back", () => {
    expect(session(["sh", "-c", "echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f"]).out()).toBe("a\nb\n");
  });
});

describe("streamed stdin and the terminal", () => {
  it("cat echoes input as it arrives, until EOF", () => {
    const input = new InputStream();
    const s = session(["cat"], { input });
    input.push("one\n");
    expect(s.out()).toBe("one\n");
    input.push("two");
    input.end();
    expect([s.out(), s.code()]).toEqual(["one\ntwo", 0]);
  });

  it("an interactive busybox shell prompts, runs lines, and exits with `exit N`", () => {
    const input = new InputStream();
    const s = session(["sh"], { input, tty: true });
    expect(s.out()).toBe("/ # ");
    input.push("hostname\n");
    input.push("exit 3\n");
    expect([s.out(), s.code()]).toEqual(["/ # web\n/ # ", 3]);
  });

  it("Ctrl-C interrupts `sleep` and the shell prompts again", () => {
    const input = new InputStream();
    let screen = "";
    const s = session(["bash"], { input, tty: true, flavor: "gnu" });
    const tty = new LineDiscipline(input, (t) => (screen += t), () => s.proc.interrupt());
    tty.feed("sleep 100\r");
    tty.feed("\x03");
    tty.feed("echo $?\r");
    tty.feed("\x04");
    expect(screen).toBe("sleep 100\r\n^Cecho $?\r\n");
    expect(s.out()).toBe("root@web:/# \nroot@web:/# 130\nroot@web:/# exit\n");
    expect(s.code()).toBe(0);
  });

  it("the line discipline erases, kills lines and swallows escape sequences", () => {
    const input = new InputStream();
    let screen = "";
    const tty = new LineDiscipline(input, (t) => (screen += t), () => undefined);
    tty.feed("lss\x7f -l\x1b[A\r");
    tty.feed("junk\x15ok\r");
    expect(input.take()).toBe("ls -l\nok\n");
    expect(screen).toBe("lss\b \b -l\r\njunk\b \b\b \b\b \b\b \bok\r\n");
    expect(onlcr("a\nb\r\n")).toBe("a\r\nb\r\n");
  });
});

describe("working directory and continuation lines", () => {
  it("cd changes the prompt, relative paths and pwd; a bad cd fails like busybox", () => {
    const input = new InputStream();
    const s = session(["sh"], { input, tty: true });
    input.push("cd /etc\n");
    input.push("cat hostname; pwd\n");
    input.push("cd /nope\n");
    input.push("for i in 1 2\n");
    input.push("do echo $i; done\n");
    input.end();
    expect(s.out()).toBe("/ # /etc # web\n/etc\n/etc # sh: cd: can't cd to /nope: No such file or directory\n/etc # > 1\n2\n/etc # \n");
    expect(s.code()).toBe(0);
  });
});
