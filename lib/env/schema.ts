/**
 * The platform's configuration: ONE zod schema over process.env. Every variable the platform reads
 * is declared here with its default. The server refuses to start on a bad value (EnvError names it).
 */
import { z } from "zod";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "../db/url";

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], { error: "expected true or false" })
  .optional()
  .transform((v) => (v === undefined ? undefined : ["1", "true", "yes", "on"].includes(v)));
const bool = (fallback: boolean) => flag.transform((v) => v ?? fallback);

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"], { error: "expected development, production or test" }).optional(),
    PORT: z.coerce
      .number({ error: "expected a port number" })
      .int({ error: "expected an integer port" })
      .min(1, { error: "expected a port between 1 and 65535" })
      .max(65535, { error: "expected a port between 1 and 65535" })
      .default(3000),
    /** interface to bind; unset = all interfaces (like `next start`) */
    HOST: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((url, ctx) => {
        try {
          parseDatabaseUrl(url);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: (e as Error).message });
        }
      }),
    /** where generated secrets live (auth-secret) */
    KUBELAB_DATA_DIR: z.string().min(1).default("./data"),
    AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters (try: openssl rand -base64 33)" }).optional(),
    AUTH_GITHUB_ID: z.string().min(1).optional(),
    AUTH_GITHUB_SECRET: z.string().min(1).optional(),
    /** take the client address from X-Forwarded-For (only behind a proxy you control) */
    TRUST_PROXY: bool(false),
    /** seed instructor@kubelab.local / kubelab-demo; default on for SQLite, off for PostgreSQL */
    KUBELAB_DEMO_ACCOUNT: flag,
    /** read by lib/content (declared here so every variable is validated in one place) */
    KUBELAB_CONTENT_DIR: z.string().min(1).optional(),
    KUBELAB_CONTENT_CACHE_DIR: z.string().min(1).optional(),
    /** the sandbox APIs' public base URL for downloaded kubeconfigs, e.g. https://kubelab.example.com —
     * set it behind a TLS-terminating proxy with a publicly trusted certificate (the kubeconfig then
     * carries no CA); unset: https://<the host the browser used>, trusting the platform CA */
    KUBELAB_SANDBOX_API_URL: z.url({ protocol: /^https$/, error: "expected an https:// URL" }).optional(),
    /** extra host names / IPs (comma-separated) for the platform's HTTPS certificate */
    KUBELAB_TLS_HOSTNAMES: z.string().regex(/^[A-Za-z0-9.:-]+(\s*,\s*[A-Za-z0-9.:-]+)*$/, { error: "expected host names or IPs separated by commas" }).optional(),
    /** the kubectl binary the lesson terminal runs (default: `kubectl` on PATH) */
    KUBELAB_KUBECTL: z.string().regex(/^\//, { error: "expected an absolute path to a kubectl binary" }).optional(),
    KUBELAB_SANDBOX_IDLE_MINUTES: z.string().regex(/^(?!0+(\.0*)?$)\d+(\.\d+)?$/, { error: "expected a positive number of minutes" }).optional(),
  })
  .superRefine((env, ctx) => {
    // A PostgreSQL deployment is production: several instances must share one secret, so it must be given.
    // The embedded SQLite default generates one and keeps it in KUBELAB_DATA_DIR/auth-secret.
    if (env.DATABASE_URL.startsWith("postgres") && !env.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production (a PostgreSQL DATABASE_URL); generate one with: openssl rand -base64 33",
      });
    }
    if (Boolean(env.AUTH_GITHUB_ID) !== Boolean(env.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.AUTH_GITHUB_ID ? "AUTH_GITHUB_SECRET" : "AUTH_GITHUB_ID"],
        message: "AUTH_GITHUB_ID and AUTH_GITHUB_SECRET must be set together",
      });
    }
  });

export type Env = z.output<typeof envSchema>;
