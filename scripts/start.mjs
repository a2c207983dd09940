#!/usr/bin/env node
// `npm start`: validate the environment, create/migrate the database, seed the demo instructor,
// build if the sources changed, then serve on PORT (default 3000). See server/main.ts.
process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("../server/main.ts");
await main({ dev: false, build: !process.argv.includes("--no-build") });
