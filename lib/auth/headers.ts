/**
 * Request headers the platform's HTTP server (server/http.ts) sets from the socket before any handler
 * runs; incoming values from clients are overwritten, so handlers may trust them.
 */
/** the client's address (rate limiting) */
export const CLIENT_IP_HEADER = "x-kubelab-client-ip";
/** the path + query of the request (sign-in return path in server components) */
export const REQUEST_URL_HEADER = "x-kubelab-url";
