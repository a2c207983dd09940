// npm postinstall: generate both Prisma clients (SQLite + PostgreSQL) so type-checking and tests work
// right after `npm install`. Offline: the JS engine needs no download.
import { ensurePrismaClients } from "../server/boot/build";

await ensurePrismaClients(true);
