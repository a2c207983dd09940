/**
 * The @auth/core configuration: Credentials (email + password, throttled) and, when configured,
 * GitHub OAuth. Sessions are JWTs whose `sub` is our User.id; the role is always re-read from the DB
 * by getSession (so role changes and deleted accounts apply at once).
 */
import type { AuthConfig } from "@auth/core";
import { CredentialsSignin } from "@auth/core/errors";
import Credentials from "@auth/core/providers/credentials";
import GitHub from "@auth/core/providers/github";
import type { Db } from "../db/client";
import type { Env } from "../env";
import type { RateLimiter } from "./rate-limit";
import { authenticate } from "./users";
import { linkGitHubAccount } from "./oauth";
import { CLIENT_IP_HEADER } from "./headers";

export const AUTH_BASE_PATH = "/api/auth";
export { CLIENT_IP_HEADER };

/** Wrong email or password. The UI shows one generic message for this code. */
export class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}

/** Too many failed attempts: code "rate_limited:<minutes>". */
export class RateLimited extends CredentialsSignin {
  constructor(minutes: number) {
    super();
    this.code = `rate_limited:${minutes}`;
  }
}

export interface AuthDeps {
  env: Env;
  db: Db;
  limiter: RateLimiter;
  /** the AUTH_SECRET in force (from the environment or data/auth-secret) */
  secret: string;
}

export function buildAuthConfig({ env, db, limiter, secret }: AuthDeps): AuthConfig {
  const providers: AuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials.email === "string" ? credentials.email : "";
        const password = typeof credentials.password === "string" ? credentials.password : "";
        const ip = request.headers.get(CLIENT_IP_HEADER);
        const result = await authenticate(db, limiter, { email, password, ip });
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name };
        if (result.reason === "rate_limited") throw new RateLimited(result.retryAfterMinutes);
        throw new InvalidCredentials();
      },
    }),
  ];
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  }

  return {
    basePath: AUTH_BASE_PATH,
    trustHost: true,
    secret,
    providers,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    callbacks: {
      async signIn({ account, profile, user }) {
        if (account?.provider !== "github") return true;
        const linked = await linkGitHubAccount(db, {
          providerAccountId: account.providerAccountId,
          email: user.email ?? (typeof profile?.email === "string" ? profile.email : null),
          name: user.name ?? null,
        });
        return linked ? true : "/signin?error=OAuthAccountNotLinked";
      },
      async jwt({ token, account }) {
        if (account?.provider === "github") {
          const link = await db.oAuthAccount.findUnique({
            where: { provider_providerAccountId: { provider: "github", providerAccountId: account.providerAccountId } },
          });
          if (link) token.sub = link.userId;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub ?? "" } };
      },
    },
    logger: {
      error(error) {
        // Failed sign-ins are expected traffic, not server errors.
        if (error instanceof CredentialsSignin) return;
        console.error("[auth]", error);
      },
      warn(code) {
        if (code !== "debug-enabled") console.warn("[auth] warning:", code);
      },
    },
  };
}
