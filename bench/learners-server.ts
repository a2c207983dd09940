/**
 * Child process of bench/learners.bench.ts: the platform server as production runs it, without
 * Next (`start({ dev: false, build: false, app: false })`: sandbox APIs over TLS on one port).
 * The environment (PORT, HOST, DATABASE_URL, KUBELAB_DATA_DIR) is set by the parent.
 *
 * Commands, one JSON object a line on stdin; each answered with one line on stdout starting with
 * `@@LEARNERS@@` followed by JSON (everything else on stdout is the server's log):
 *   {"cmd":"ready"}                 → {"caPem", "port"}
 *   {"cmd":"grow","to":N}           → {"learners":[{"id","apiUrl","token"}…]} (the new ones: users
 *                                      created, sandboxes ensured for the lesson, learner tokens issued)
 *   {"cmd":"profile-start"}         → {} (V8 CPU profiler on, through node:inspector)
 *   {"cmd":"profile-stop","path":P} → {"path":P} (.cpuprofile written)
 *   {"cmd":"stats"}                 → {"live","rss","heapUsed"}
 *   {"cmd":"close"}                 → {} then exit
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { createInterface } from "node:readline";
import type { AddressInfo } from "node:net";
import { start } from "../server/main";
import { lessonStartingState } from "../server/sandboxes";
import { getDb } from "../lib/db/index";

const COURSE = "kubernetes-behind-the-scenes";
const LESSON = "kubernetes-behind-the-scenes/control-plane/what-happens-on-apply";

function answer(x: unknown): void {
  process.stdout.write(`@@LEARNERS@@${JSON.stringify(x)}\n`);
}

const platform = await start({ dev: false, build: false, app: false });
const db = getDb();
const state = await lessonStartingState(LESSON);
let count = 0;
let session: Session | undefined;

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const msg = JSON.parse(line) as { cmd: string; to?: number; path?: string };
  switch (msg.cmd) {
    case "ready":
      answer({ caPem: platform.caPem, port: (platform.listener.address() as AddressInfo).port });
      break;
    case "grow": {
      const learners: { id: string; apiUrl: string; token: string }[] = [];
      for (; count < (msg.to ?? 0); count++) {
        const userId = `learner-${count}`;
        await db.user.create({ data: { id: userId, email: `${userId}@bench.test` } });
        const h = await platform.sandboxes.ensure(userId, COURSE, state);
        learners.push({ id: h.id, apiUrl: h.apiUrl, token: await platform.sandboxes.issueToken(h.id) });
      }
      answer({ learners });
      break;
    }
    case "profile-start":
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      answer({});
      break;
    case "profile-stop": {
      if (session && msg.path) {
        const { profile } = await session.post("Profiler.stop");
        writeFileSync(msg.path, JSON.stringify(profile));
        session.disconnect();
        session = undefined;
      }
      answer({ path: msg.path });
      break;
    }
    case "stats": {
      const m = process.memoryUsage();
      answer({ live: platform.sandboxes.stats().live, rss: m.rss, heapUsed: m.heapUsed });
      break;
    }
    case "close":
      await platform.close();
      answer({});
      process.exit(0);
  }
}
await platform.close();
process.exit(0);
