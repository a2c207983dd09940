/**
 * What the catalogue's server programs do, as data (played by `daemon()` in programs.ts):
 * the log lines they print at start-up (with their real wording), the ports they listen on,
 * how they answer HTTP, how they react to SIGTERM and which environment they insist on.
 *
 * Templates: {nginxTime} 2026/11/27 13:48:55 · {clf} 27/Nov/2026:13:48:55 +0000 ·
 * {redisTime} 27 Nov 2026 13:48:55.123 · {pgTime} 2026-11-27 13:48:55.123 UTC ·
 * {httpdTime} Fri Nov 27 13:48:55.123456 2026 · {isoSec} 2026-11-27 13:48:55+00:00 ·
 * {goTime} 2026/11/27 13:48:55 · {klog} 1127 13:48:55.123456 · {epoch} unix seconds · {ip} pod IP · {client} the caller ·
 * {path} {status} {bytes} {ua} for access logs · {version} {gcc} … from the image tag's vars.
 */

export type Stream = "out" | "err";
/** [delay ms after the previous line, stream, template] */
export type LogStep = [number, Stream, string];

export interface HttpRoute {
  path: string;
  status: number;
  body: string;
  /** the route applies only during the first `untilMs` after start (agnhost liveness) */
  untilMs?: number;
}

export interface DaemonSpec {
  start: LogStep[];
  listens: number[];
  /** resident memory once started (MiB) */
  memoryMi: number;
  http?: { routes: HttpRoute[]; fallback: { status: number; body: string }; accessLog?: [Stream, string] };
  /** on the stop signal: log lines then exit with `code`; absent = the signal is ignored (PID 1) */
  term?: { steps: LogStep[]; code: number };
  /** refuses to start unless one of `anyOf` is set: prints `steps` and exits with `code` */
  requireEnv?: { anyOf: string[]; steps: LogStep[]; code: number };
  /** prints `steps` then exits with `code` (a one-shot program) */
  exit?: number;
  /** serves files from this directory of the container (seeded with `files` unless a volume is mounted there) */
  docroot?: { dir: string; files: Record<string, string> };
}

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const nginxError = (status: string) => (v: string) => `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx/${v}</center>\r\n</body>\r\n</html>\r\n`;
const nginx404 = nginxError("404 Not Found");
export const NGINX_403 = nginxError("403 Forbidden");

export const NGINX_ENTRYPOINT: LogStep[] = [
  [0, "out", "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"],
  [1, "out", "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"],
  [1, "out", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"],
  [2, "out", "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"],
  [3, "out", "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"],
  [1, "out", "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"],
  [1, "out", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"],
  [2, "out", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"],
  [1, "out", "/docker-entrypoint.sh: Configuration complete; ready for start up"],
];

export const DAEMONS: Record<string, DaemonSpec> = {
  nginx: {
    start: [
      [2, "err", "{nginxTime} [notice] 1#1: using the \"epoll\" event method"],
      [0, "err", "{nginxTime} [notice] 1#1: nginx/{version}"],
      [0, "err", "{nginxTime} [notice] 1#1: built by {gcc} "],
      [0, "err", "{nginxTime} [notice] 1#1: OS: Linux 6.8.0-1017-gcp"],
      [0, "err", "{nginxTime} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576"],
      [0, "err", "{nginxTime} [notice] 1#1: start worker processes"],
      [0, "err", "{nginxTime} [notice] 1#1: start worker process 29"],
      [0, "err", "{nginxTime} [notice] 1#1: start worker process 30"],
    ],
    listens: [80],
    memoryMi: 5,
    docroot: { dir: "/usr/share/nginx/html", files: { "index.html": NGINX_INDEX } },
    http: {
      routes: [
        { path: "/", status: 200, body: NGINX_INDEX },
        { path: "/index.html", status: 200, body: NGINX_INDEX },
      ],
      fallback: { status: 404, body: "" },
      accessLog: ["out", '{client} - - [{clf}] "GET {path} HTTP/1.1" {status} {bytes} "-" "{ua}" "-"'],
    },
    term: {
      steps: [
        [0, "err", "{nginxTime} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down"],
        [1, "err", "{nginxTime} [notice] 29#29: gracefully shutting down"],
        [0, "err", "{nginxTime} [notice] 30#30: gracefully shutting down"],
        [1, "err", "{nginxTime} [notice] 29#29: exiting"],
        [0, "err", "{nginxTime} [notice] 30#30: exiting"],
        [1, "err", "{nginxTime} [notice] 29#29: exit"],
        [0, "err", "{nginxTime} [notice] 30#30: exit"],
        [2, "err", "{nginxTime} [notice] 1#1: signal 17 (SIGCHLD) received from 30"],
        [0, "err", "{nginxTime} [notice] 1#1: worker process 29 exited with code 0"],
        [0, "err", "{nginxTime} [notice] 1#1: worker process 30 exited with code 0"],
        [0, "err", "{nginxTime} [notice] 1#1: exit"],
      ],
      code: 0,
    },
  },
  httpd: {
    start: [
      [5, "err", "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"],
      [3, "err", "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"],
      [2, "err", "[{httpdTime}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{version} (Unix) configured -- resuming normal operations"],
      [0, "err", "[{httpdTime}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"],
    ],
    listens: [80],
    memoryMi: 8,
    http: {
      routes: [{ path: "/", status: 200, body: "<html><body><h1>It works!</h1></body></html>\n" }],
      fallback: { status: 404, body: "" },
      accessLog: ["out", '{client} - - [{clf}] "GET {path} HTTP/1.1" {status} {bytes}'],
    },
    term: { steps: [[0, "err", "[{httpdTime}] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully"]], code: 0 },
  },
  "redis-server": {
    start: [
      [3, "out", "1:C {redisTime} # WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect."],
      [0, "out", "1:C {redisTime} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"],
      [0, "out", "1:C {redisTime} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started"],
      [0, "out", "1:C {redisTime} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf"],
      [1, "out", "1:M {redisTime} * monotonic clock: POSIX clock_gettime"],
      [0, "out", "1:M {redisTime} * Running mode=standalone, port=6379."],
      [1, "out", "1:M {redisTime} * Server initialized"],
      [0, "out", "1:M {redisTime} * Ready to accept connections tcp"],
    ],
    listens: [6379],
    memoryMi: 4,
    term: {
      steps: [
        [0, "out", "1:signal-handler ({epoch}) Received SIGTERM scheduling shutdown..."],
        [90, "out", "1:M {redisTime} * User requested shutdown..."],
        [0, "out", "1:M {redisTime} * Saving the final RDB snapshot before exiting."],
        [2, "out", "1:M {redisTime} * DB saved on disk"],
        [0, "out", "1:M {redisTime} # Redis is now ready to exit, bye bye..."],
      ],
      code: 0,
    },
  },
  postgres: {
    requireEnv: {
      anyOf: ["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"],
      steps: [
        [5, "err", "Error: Database is uninitialized and superuser password is not specified."],
        [0, "err", "       You must specify POSTGRES_PASSWORD to a non-empty value for the"],
        [0, "err", '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".'],
        [0, "err", ""],
        [0, "err", '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all'],
        [0, "err", "       connections without a password. This is *not* recommended."],
        [0, "err", ""],
        [0, "err", '       See PostgreSQL documentation about "trust":'],
        [0, "err", "       https://www.postgresql.org/docs/current/auth-trust.html"],
      ],
      code: 1,
    },
    start: [
      [5, "out", 'The files belonging to this database system will be owned by user "postgres".'],
      [0, "out", "This user must also own the server process."],
      [0, "out", ""],
      [0, "out", 'The database cluster will be initialized with locale "en_US.utf8".'],
      [0, "out", 'The default database encoding has accordingly been set to "UTF8".'],
      [0, "out", 'The default text search configuration will be set to "english".'],
      [0, "out", ""],
      [0, "out", "Data page checksums are disabled."],
      [0, "out", ""],
      [10, "out", "fixing permissions on existing directory /var/lib/postgresql/data ... ok"],
      [10, "out", "creating subdirectories ... ok"],
      [10, "out", "selecting dynamic shared memory implementation ... posix"],
      [20, "out", 'selecting default "max_connections" ... 100'],
      [20, "out", 'selecting default "shared_buffers" ... 128MB'],
      [5, "out", "selecting default time zone ... Etc/UTC"],
      [10, "out", "creating configuration files ... ok"],
      [300, "out", "running bootstrap script ... ok"],
      [600, "out", "performing post-bootstrap initialization ... ok"],
      [100, "out", "syncing data to disk ... ok"],
      [0, "out", ""],
      [0, "out", ""],
      [0, "out", "Success. You can now start the database server using:"],
      [0, "out", ""],
      [0, "out", "    pg_ctl -D /var/lib/postgresql/data -l logfile start"],
      [0, "out", ""],
      [200, "out", "PostgreSQL init process complete; ready for start up."],
      [0, "out", ""],
      [30, "err", "{pgTime} [1] LOG:  starting PostgreSQL {version} (Debian {version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit"],
      [0, "err", '{pgTime} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432'],
      [0, "err", '{pgTime} [1] LOG:  listening on IPv6 address "::", port 5432'],
      [1, "err", '{pgTime} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'],
      [5, "err", "{pgTime} [64] LOG:  database system was shut down at {pgTimeSec}"],
      [5, "err", "{pgTime} [1] LOG:  database system is ready to accept connections"],
    ],
    listens: [5432],
    memoryMi: 40,
    term: {
      steps: [
        [0, "err", "{pgTime} [1] LOG:  received fast shutdown request"],
        [2, "err", "{pgTime} [1] LOG:  aborting any active transactions"],
        [5, "err", "{pgTime} [1] LOG:  background worker \"logical replication launcher\" (PID 67) exited with exit code 1"],
        [5, "err", "{pgTime} [62] LOG:  shutting down"],
        [20, "err", "{pgTime} [1] LOG:  database system is shut down"],
      ],
      code: 0,
    },
  },
  mysqld: {
    requireEnv: {
      anyOf: ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"],
      steps: [
        [5, "out", "{isoSec} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started."],
        [200, "out", "{isoSec} [Note] [Entrypoint]: Switching to dedicated user 'mysql'"],
        [5, "out", "{isoSec} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started."],
        [5, "err", "{isoSec} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"],
        [0, "err", "    You need to specify one of the following as an environment variable:"],
        [0, "err", "    - MYSQL_ROOT_PASSWORD"],
        [0, "err", "    - MYSQL_ALLOW_EMPTY_PASSWORD"],
        [0, "err", "    - MYSQL_RANDOM_ROOT_PASSWORD"],
      ],
      code: 1,
    },
    start: [
      [5, "out", "{isoSec} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started."],
      [200, "out", "{isoSec} [Note] [Entrypoint]: Switching to dedicated user 'mysql'"],
      [5, "out", "{isoSec} [Note] [Entrypoint]: Entrypoint script for MySQL Server {version}-1.el9 started."],
      [5, "out", "{isoSec} [Note] [Entrypoint]: Initializing database files"],
      [3000, "out", "{isoSec} [Note] [Entrypoint]: Database files initialized"],
      [2000, "out", "{isoSec} [Note] [Entrypoint]: MySQL init process done. Ready for start up."],
      [500, "err", "{isoUs} 0 [System] [MY-015015] [Server] MySQL Server - start."],
      [800, "err", "{isoUs} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."],
    ],
    listens: [3306, 33060],
    memoryMi: 360,
    term: { steps: [[0, "err", "{isoUs} 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: {version})."], [900, "err", "{isoUs} 0 [System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld {version})  MySQL Community Server - GPL."]], code: 0 },
  },
  whoami: {
    start: [[2, "out", "{goTime} Starting up on port 80"]],
    listens: [80],
    memoryMi: 3,
    http: {
      routes: [
        { path: "/health", status: 200, body: "" },
        { path: "*", status: 200, body: "Hostname: {hostname}\nIP: 127.0.0.1\nIP: ::1\nIP: {ip}\nRemoteAddr: {client}:41234\nGET {path} HTTP/1.1\nHost: {ip}\nUser-Agent: {ua}\n\n" },
      ],
      fallback: { status: 404, body: "" },
    },
    term: { steps: [], code: 2 },
  },
  pause: {
    start: [],
    listens: [],
    memoryMi: 1,
    term: { steps: [[0, "err", "Shutting down, got signal: Terminated"]], code: 0 },
  },
  "agnhost-liveness": {
    start: [],
    listens: [8080],
    memoryMi: 6,
    http: {
      routes: [
        { path: "/healthz", status: 200, body: "ok", untilMs: 10_000 },
        { path: "/healthz", status: 500, body: "error: 10.0s" },
      ],
      fallback: { status: 404, body: "404 page not found\n" },
    },
    term: { steps: [], code: 2 },
  },
  "agnhost-netexec": {
    start: [[2, "err", "I1127 13:00:00.000000       1 log.go:245] Started HTTP server on port 8080"]],
    listens: [8080],
    memoryMi: 8,
    http: {
      routes: [
        { path: "/", status: 200, body: "NOW: {isoSec}" },
        { path: "/hostname", status: 200, body: "{hostname}" },
        { path: "/healthz", status: 200, body: "" },
      ],
      fallback: { status: 404, body: "404 page not found\n" },
    },
    term: { steps: [], code: 2 },
  },
  "http.server": {
    start: [],
    listens: [8000],
    memoryMi: 12,
    http: {
      routes: [{ path: "/", status: 200, body: '<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Directory listing for /</title>\n</head>\n</html>\n' }],
      fallback: { status: 404, body: "" },
      accessLog: ["err", '{client} - - [{pyTime}] "GET {path} HTTP/1.1" {status} -'],
    },
  },
};

export const NGINX_404 = nginx404;
