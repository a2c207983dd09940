import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock";
import { IMAGES } from "./catalog-data";
import { imageEnv, parseImageRef, resolveImage, type ResolvedImage } from "./catalog";
import { LogStore } from "./logs";
import { NodeRuntime, PodNetwork } from "./runtime";

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), "testdata", "images.golden.json");

describe("image references", () => {
  it("normalizes like docker/distribution", () => {
    expect(parseImageRef("nginx").normalized).toBe("docker.io/library/nginx:latest");
    expect(parseImageRef("nginx:1.27").normalized).toBe("docker.io/library/nginx:1.27");
    expect(parseImageRef("traefik/whoami").normalized).toBe("docker.io/traefik/whoami:latest");
    expect(parseImageRef("registry.k8s.io/pause:3.10").normalized).toBe("registry.k8s.io/pause:3.10");
    expect(parseImageRef("localhost:5000/app").normalized).toBe("localhost:5000/app:latest");
    expect(() => parseImageRef("Nginx")).toThrow('couldn\'t parse image reference "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase');
  });

  it("reports missing images and tags with containerd's errors", () => {
    expect(resolveImage("nginx:1.99")).toEqual({
      error: 'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.99": failed to resolve reference "docker.io/library/nginx:1.99": docker.io/library/nginx:1.99: not found',
      notFound: true,
    });
    expect((resolveImage("ngnix") as { error: string }).error).toBe(
      'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    );
  });

  it("resolves tags, digests and aliases to stable image IDs", () => {
    const a = resolveImage("nginx:1.28") as ResolvedImage;
    const b = resolveImage("nginx:stable") as ResolvedImage;
    expect(a.imageID).toBe(b.imageID);
    expect(a.name).toBe("docker.io/library/nginx:1.28");
    const byDigest = resolveImage(`nginx@${a.digest}`) as ResolvedImage;
    expect(byDigest.imageID).toBe(a.imageID);
    expect(imageEnv(a).get("NGINX_VERSION")).toBe("1.28.0");
  });
});

/** runs every catalogue image's default command for 10 s and records what it did */
function behaviour(ref: string) {
  const clock = new FakeClock(Date.UTC(2026, 10, 27, 13, 0, 0));
  const logs = new LogStore();
  let seed = 1;
  const rt = new NodeRuntime({ node: "n", clock, random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647), logs, network: new PodNetwork(), gateway: "10.244.1.1", kubeletVersion: "1.33" });
  const img = resolveImage(ref) as ResolvedImage;
  const sb = rt.runSandbox("uid", "pod", "10.244.1.2");
  const argv = [...(img.data.entrypoint ?? []), ...(img.data.cmd ?? [])];
  const c = rt.createContainer(sb, { name: "c", argv, env: imageEnv(img), mounts: [] }, img, 0);
  const start = rt.startContainer(c.id);
  clock.advance(10_000);
  const http = sb.ports.size ? rt.httpGet("10.244.1.2", [...sb.ports.keys()][0]!, "/") : undefined;
  const lines = logs.lines(c.id).map((l) => `${l.stream === "stdout" ? "out" : "err"} ${l.text}`);
  return {
    argv: argv.join(" "),
    state: start.error ? `StartError` : c.state === "exited" ? `exited ${c.exitCode} ${c.reason}` : "running",
    ports: [...sb.ports.keys()],
    ...(http ? { "GET /": http.status } : {}),
    logs: lines.slice(0, 4),
  };
}

describe("catalogue behaviour (golden)", () => {
  it("every image's default command behaves like the real image", () => {
    const got: Record<string, unknown> = {};
    for (const img of IMAGES) {
      const tag = "latest" in img.tags ? "latest" : Object.keys(img.tags)[0]!;
      got[`${img.repo}:${tag}`] = behaviour(`${img.repo}:${tag}`);
    }
    if (process.env.UPDATE_GOLDEN || !existsSync(GOLDEN)) {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, JSON.stringify(got, null, 2) + "\n");
    }
    expect(got).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
    // the facts the golden file must keep
    expect(got["docker.io/library/nginx:latest"]).toMatchObject({ state: "running", ports: [80], "GET /": 200 });
    expect(got["docker.io/library/busybox:latest"]).toMatchObject({ state: "exited 0 Completed" });
    expect(got["docker.io/library/postgres:latest"]).toMatchObject({ state: "exited 1 Error" });
    expect(got["docker.io/library/redis:latest"]).toMatchObject({ state: "running", ports: [6379] });
    expect(got["docker.io/curlimages/curl:latest"]).toMatchObject({ state: "exited 2 Error" });
  });
});
