import { describe, expect, it } from "vitest";
import path from "node:path";
import { EnvError, databaseTarget, demoAccountEnabled, parseEnv } from "./index";

function errorOf(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (e) {
    if (e instanceof EnvError) return e;
    throw e;
  }
  throw new Error("expected parseEnv to throw");
}

describe("parseEnv", () => {
  it("applies the embedded defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe("file:./data/kubelab.db");
    expect(env.TRUST_PROXY).toBe(false);
    expect(databaseTarget(env)).toEqual({ kind: "sqlite", location: path.resolve("data/kubelab.db") });
    expect(demoAccountEnabled(env)).toBe(true);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ PORT: "", DATABASE_URL: "" }).PORT).toBe(3000);
  });

  it("names PORT when it is not a port", () => {
    for (const bad of ["abc", "0", "70000", "3.5"]) {
      const err = errorOf({ PORT: bad });
      expect(err.issues.map((i) => i.variable)).toEqual(["PORT"]);
      expect(err.message).toContain("PORT:");
      expect(err.message).toContain(JSON.stringify(bad));
    }
  });

  it("names DATABASE_URL when the scheme is unsupported", () => {
    const err = errorOf({ DATABASE_URL: "mysql://root@localhost/kubelab" });
    expect(err.issues[0]?.variable).toBe("DATABASE_URL");
    expect(err.message).toMatch(/DATABASE_URL: expected file:<path> \(SQLite\) or postgresql:/);
  });

  it("accepts PostgreSQL with a secret and turns the demo account off by default", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/kubelab", AUTH_SECRET: "x".repeat(40) });
    expect(databaseTarget(env).kind).toBe("postgresql");
    expect(demoAccountEnabled(env)).toBe(false);
    expect(demoAccountEnabled(parseEnv({ ...env, PORT: "3000", TRUST_PROXY: "0", KUBELAB_DEMO_ACCOUNT: "true" }))).toBe(true);
  });

  it("requires AUTH_SECRET with PostgreSQL and never echoes secrets", () => {
    expect(errorOf({ DATABASE_URL: "postgres://db/kubelab" }).issues[0]?.variable).toBe("AUTH_SECRET");
    expect(parseEnv({ NODE_ENV: "production" }).AUTH_SECRET).toBeUndefined();
    const short = errorOf({ AUTH_SECRET: "hunter2" });
    expect(short.issues[0]?.variable).toBe("AUTH_SECRET");
    expect(short.message).not.toContain("hunter2");
  });

  it("requires the GitHub id and secret together", () => {
    expect(errorOf({ AUTH_GITHUB_ID: "abc" }).issues[0]?.variable).toBe("AUTH_GITHUB_SECRET");
    expect(parseEnv({ AUTH_GITHUB_ID: "abc", AUTH_GITHUB_SECRET: "def" }).AUTH_GITHUB_ID).toBe("abc");
  });

  it("reports several bad variables at once", () => {
    const err = errorOf({ PORT: "x", TRUST_PROXY: "maybe" });
    expect(err.issues.map((i) => i.variable).sort()).toEqual(["PORT", "TRUST_PROXY"]);
  });
});
