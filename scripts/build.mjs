#!/usr/bin/env node
// `npm run build`: regenerate the Prisma clients, check + compile the course, `next build` — always
// (npm start builds only when something changed). See server/boot/build.ts.
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const { register } = await import("tsx/esm/api");
register();
const { ensureBuilt } = await import("../server/boot/build.ts");
const { BootError } = await import("../server/boot/log.ts");
try {
  await ensureBuilt({ force: !process.argv.includes("--if-needed") });
} catch (e) {
  if (!(e instanceof BootError)) throw e;
  console.error(`[kubelab] build failed: ${e.message}`);
  process.exit(1);
}
