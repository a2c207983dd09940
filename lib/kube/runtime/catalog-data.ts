/**
 * The image catalogue, as data: which images and tags exist, their size, default entrypoint
 * and command, environment, stop signal, the executables they ship (and so which commands a
 * container can run) and which catalogue program each executable is. A reference that isn't
 * here doesn't exist: pulling it fails as a registry would (`not found`).
 *
 * Sizes are the compressed linux/amd64 sizes containerd reports ("Image size: … bytes").
 * `pullMs` is the (simulated) time to pull the image onto a node that has none of its layers.
 */

export interface TagData {
  size: number;
  /** template variables of this build: {version}, {gcc} … */
  vars?: Record<string, string>;
  /** Debian- or Alpine-based variant of the image family */
  variant?: "debian" | "alpine";
}

export interface ImageData {
  /** normalized repository, e.g. docker.io/library/nginx */
  repo: string;
  tags: Record<string, TagData>;
  entrypoint?: string[];
  cmd?: string[];
  env?: Record<string, string>;
  /** the image's STOPSIGNAL (SIGTERM when absent) */
  stopSignal?: string;
  /** "busybox": busybox applets; "gnu": dash + coreutils; "none": no shell at all */
  shell: "busybox" | "gnu" | "none";
  /** extra executables, mapped to a catalogue program ("" = a tool from programs.ts) */
  bins: Record<string, string>;
  pullMs: number;
  /** default working directory */
  workdir?: string;
}

const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

function nginxTags(): Record<string, TagData> {
  const deb = (v: string, size: number): TagData => ({ size, variant: "debian", vars: { version: v, gcc: "gcc 12.2.0 (Debian 12.2.0-14)" } });
  const alp = (v: string, size: number, gcc: string): TagData => ({ size, variant: "alpine", vars: { version: v, gcc: `gcc ${gcc} (Alpine ${gcc})` } });
  const lines: [string, string[], number, number, string][] = [
    // version, extra tags, debian size, alpine size, alpine gcc
    ["1.25.5", ["1.25"], 71005526, 19316738, "13.2.1_git20240309"],
    ["1.26.3", ["1.26"], 72195292, 20423311, "14.2.0"],
    ["1.27.5", ["1.27"], 72225394, 21190155, "14.2.0"],
    ["1.28.0", ["1.28", "stable"], 72318120, 21640021, "14.2.0"],
    ["1.29.3", ["1.29", "mainline", "latest"], 72195292, 22101238, "14.2.0"],
  ];
  const tags: Record<string, TagData> = {};
  for (const [v, extra, dsize, asize, gcc] of lines) {
    for (const t of [v, ...extra]) {
      tags[t] = deb(v, dsize);
      tags[t === "latest" ? "alpine" : `${t}-alpine`] = alp(v, asize, gcc);
    }
  }
  return tags;
}

export const IMAGES: ImageData[] = [
  {
    repo: "docker.io/library/nginx",
    tags: nginxTags(),
    entrypoint: ["/docker-entrypoint.sh"],
    cmd: ["nginx", "-g", "daemon off;"],
    env: { PATH, NGINX_VERSION: "{version}" },
    stopSignal: "SIGQUIT",
    shell: "gnu",
    bins: { nginx: "nginx", "nginx-debug": "nginx", "docker-entrypoint.sh": "nginx-entrypoint", curl: "", bash: "" },
    pullMs: 1100,
  },
  {
    repo: "docker.io/library/httpd",
    tags: {
      "2.4.62": { size: 58356034, vars: { version: "2.4.62" } },
      "2.4": { size: 58356034, vars: { version: "2.4.62" } },
      "2": { size: 58356034, vars: { version: "2.4.62" } },
      latest: { size: 58356034, vars: { version: "2.4.62" } },
      alpine: { size: 22542510, vars: { version: "2.4.62" } },
    },
    cmd: ["httpd-foreground"],
    env: { PATH: `/usr/local/apache2/bin:${PATH}`, HTTPD_VERSION: "{version}" },
    stopSignal: "SIGWINCH",
    shell: "gnu",
    bins: { "httpd-foreground": "httpd", httpd: "httpd", bash: "" },
    pullMs: 950,
  },
  {
    repo: "docker.io/library/busybox",
    tags: { latest: { size: 2163477 }, "1.37": { size: 2163477 }, "1.37.0": { size: 2163477 }, "1.36": { size: 2152262 }, "1.36.1": { size: 2152262 }, stable: { size: 2163477 }, musl: { size: 859040 } },
    cmd: ["sh"],
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    shell: "busybox",
    bins: { wget: "", ash: "" },
    pullMs: 350,
  },
  {
    repo: "registry.k8s.io/busybox",
    tags: { latest: { size: 1144547 }, "1.24": { size: 1144547 }, "1.27.2": { size: 1302869 } },
    cmd: ["sh"],
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    shell: "busybox",
    bins: { wget: "" },
    pullMs: 300,
  },
  {
    repo: "docker.io/library/alpine",
    tags: { latest: { size: 3642092 }, "3.21": { size: 3642092 }, "3.20": { size: 3625405 }, "3.19": { size: 3419706 }, "3": { size: 3642092 } },
    cmd: ["/bin/sh"],
    env: { PATH },
    shell: "busybox",
    bins: { wget: "", ash: "" },
    pullMs: 400,
  },
  {
    repo: "docker.io/library/redis",
    tags: {
      latest: { size: 45004213, vars: { version: "8.0.2" } },
      "8": { size: 45004213, vars: { version: "8.0.2" } },
      "8.0": { size: 45004213, vars: { version: "8.0.2" } },
      "7": { size: 40265621, vars: { version: "7.4.2" } },
      "7.4": { size: 40265621, vars: { version: "7.4.2" } },
      "7.2": { size: 40023131, vars: { version: "7.2.7" } },
      alpine: { size: 17241237, vars: { version: "8.0.2" } },
      "7-alpine": { size: 16904233, vars: { version: "7.4.2" } },
    },
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["redis-server"],
    env: { PATH, REDIS_VERSION: "{version}" },
    shell: "gnu",
    bins: { "redis-server": "redis-server", "redis-cli": "", "docker-entrypoint.sh": "", bash: "" },
    pullMs: 900,
  },
  {
    repo: "docker.io/library/postgres",
    tags: {
      latest: { size: 158478901, vars: { version: "17.5" } },
      "17": { size: 158478901, vars: { version: "17.5" } },
      "16": { size: 157150205, vars: { version: "16.9" } },
      "15": { size: 152771004, vars: { version: "15.13" } },
      alpine: { size: 105245162, vars: { version: "17.5" } },
      "17-alpine": { size: 105245162, vars: { version: "17.5" } },
    },
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["postgres"],
    env: { PATH: `/usr/lib/postgresql/17/bin:${PATH}`, PGDATA: "/var/lib/postgresql/data", PG_VERSION: "{version}" },
    stopSignal: "SIGINT",
    shell: "gnu",
    bins: { postgres: "postgres", pg_isready: "", psql: "", "docker-entrypoint.sh": "", bash: "" },
    pullMs: 2400,
  },
  {
    repo: "docker.io/library/mysql",
    tags: { latest: { size: 239816213, vars: { version: "9.3.0" } }, "9": { size: 239816213, vars: { version: "9.3.0" } }, "8": { size: 233450142, vars: { version: "8.4.5" } }, "8.4": { size: 233450142, vars: { version: "8.4.5" } }, lts: { size: 233450142, vars: { version: "8.4.5" } } },
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["mysqld"],
    env: { PATH, MYSQL_VERSION: "{version}-1.el9" },
    shell: "gnu",
    bins: { mysqld: "mysqld", mysqladmin: "", mysql: "", "docker-entrypoint.sh": "", bash: "" },
    pullMs: 3200,
  },
  {
    repo: "docker.io/traefik/whoami",
    tags: { latest: { size: 2924391 }, "v1.10": { size: 2924391 }, "v1.10.3": { size: 2924391 }, "v1.11": { size: 3105128 }, "v1.11.0": { size: 3105128 } },
    entrypoint: ["/whoami"],
    shell: "none",
    bins: { whoami: "whoami" },
    pullMs: 400,
  },
  {
    repo: "registry.k8s.io/pause",
    tags: { "3.10": { size: 320368 }, "3.9": { size: 321520 }, latest: { size: 320368 } },
    entrypoint: ["/pause"],
    shell: "none",
    bins: { pause: "pause" },
    pullMs: 200,
  },
  {
    // distroless: no shell. v1.12.0 is what kubeadm v1.33 deploys (maxprocs: built with automaxprocs)
    repo: "registry.k8s.io/coredns/coredns",
    tags: {
      "v1.12.0": { size: 20939036, vars: { version: "1.12.0", go: "go1.23.3", commit: "51e11f1", maxprocs: "1" } },
      "v1.11.3": { size: 18562039, vars: { version: "1.11.3", go: "go1.21.11", commit: "a6338e9" } },
    },
    entrypoint: ["/coredns"],
    shell: "none",
    bins: { coredns: "coredns" },
    pullMs: 700,
  },
  {
    // the kube-proxy image (distroless-iptables): the binary and iptables, no shell
    repo: "registry.k8s.io/kube-proxy",
    tags: {
      "v1.33.1": { size: 31891420, vars: { version: "v1.33.1" } },
      "v1.33.0": { size: 31887614, vars: { version: "v1.33.0" } },
    },
    shell: "none",
    bins: { "kube-proxy": "kube-proxy" },
    pullMs: 1200,
  },
  {
    repo: "registry.k8s.io/e2e-test-images/agnhost",
    tags: { "2.40": { size: 51225436 }, "2.39": { size: 51113001 }, "2.52": { size: 52510203 } },
    entrypoint: ["/agnhost"],
    shell: "busybox",
    bins: { agnhost: "" },
    pullMs: 900,
  },
  {
    repo: "docker.io/curlimages/curl",
    tags: { latest: { size: 10354620 }, "8.11.1": { size: 10354620 }, "8.14.1": { size: 10822105 }, "8.5.0": { size: 7563014 } },
    entrypoint: ["/entrypoint.sh"],
    cmd: ["curl"],
    shell: "busybox",
    bins: { curl: "", "entrypoint.sh": "", wget: "" },
    pullMs: 450,
  },
  {
    repo: "docker.io/library/python",
    tags: { latest: { size: 400920130 }, "3": { size: 400920130 }, "3.13": { size: 400920130 }, "3.12": { size: 397221880 }, slim: { size: 43212212 }, "3.13-slim": { size: 43212212 }, "3.12-slim": { size: 42915030 }, alpine: { size: 18036421 } },
    cmd: ["python3"],
    env: { PATH, PYTHON_VERSION: "3.13.3" },
    shell: "gnu",
    bins: { python: "", python3: "", pip: "", bash: "", curl: "" },
    pullMs: 3500,
  },
  {
    repo: "docker.io/library/node",
    tags: { latest: { size: 405201234 }, "22": { size: 398012344 }, lts: { size: 398012344 }, "20": { size: 392341220 }, "22-alpine": { size: 55314210 }, alpine: { size: 57021331 }, slim: { size: 78010234 } },
    entrypoint: ["docker-entrypoint.sh"],
    cmd: ["node"],
    env: { PATH, NODE_VERSION: "22.11.0" },
    shell: "gnu",
    bins: { node: "", npm: "", "docker-entrypoint.sh": "", bash: "", curl: "" },
    pullMs: 3400,
  },
  {
    repo: "docker.io/polinux/stress",
    tags: { latest: { size: 4041495 } },
    cmd: ["stress"],
    env: { PATH },
    shell: "busybox",
    bins: { stress: "" },
    pullMs: 450,
  },
];
