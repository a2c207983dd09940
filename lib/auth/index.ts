/**
 * Accounts, sessions and roles. Server components: getSession/requireUser/requireRole from
 * "@/lib/auth/session" (they use next/headers). Route handlers: apiUser from here.
 */
export { ROLES, AuthzError, assertRole, hasRole, isRole, toRole, type Role, type SessionUser } from "./roles";
export { apiUser, authzResponse, sameOrigin } from "./api";
export { authConfig, authLimiter, handleAuth, oauthProviders, readSession } from "./server";
export { EmailTakenError, authenticate, createUser, normalizeEmail, signUpSchema } from "./users";
export { BAD_CREDENTIALS_MESSAGE, safeCallbackUrl, signInErrorMessage, tooManyAttemptsMessage } from "./messages";
export { AUTH_BASE_PATH, CLIENT_IP_HEADER } from "./config";
export { hashPassword, verifyPassword, needsRehash } from "./password";
export { resolveAuthSecret } from "./secret";
