// Next.js configuration. The app runs behind our own HTTP server (server/main.ts), not `next start`.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // better-sqlite3 is native; Prisma's runtime loads its query compiler at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "mdx-bundler", "esbuild"],
  experimental: {
    // forbidden() → app/forbidden.tsx with a real 403 status
    authInterrupts: true,
  },
  // Types are checked by `npm run lint` (tsc --noEmit); `npm start` must not fail on a type-only error.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
