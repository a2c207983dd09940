/**
 * Persistence of sandboxes through Prisma (model `Sandbox`): who owns which sandbox, the learner
 * token's hash, and the snapshot of a hibernated cluster.
 */
import type { Db } from "../db/client";
import type { SandboxFault } from "./types";

export interface SandboxRecord {
  id: string;
  userId: string;
  courseSlug: string;
  lessonId: string | null;
  tokenHash: string;
  state: "running" | "hibernated";
  nodes: number;
}

const SELECT = { id: true, userId: true, courseSlug: true, lessonId: true, tokenHash: true, state: true, nodes: true } as const;

function toRecord(row: { id: string; userId: string; courseSlug: string; lessonId: string | null; tokenHash: string; state: string; nodes: number }): SandboxRecord {
  return { ...row, state: row.state === "hibernated" ? "hibernated" : "running" };
}

export class SandboxRecords {
  constructor(private readonly db: Db) {}

  async byId(id: string): Promise<SandboxRecord | undefined> {
    const row = await this.db.sandbox.findUnique({ where: { id }, select: SELECT });
    return row ? toRecord(row) : undefined;
  }

  async byOwner(userId: string, courseSlug: string): Promise<SandboxRecord | undefined> {
    const row = await this.db.sandbox.findUnique({ where: { userId_courseSlug: { userId, courseSlug } }, select: SELECT });
    return row ? toRecord(row) : undefined;
  }

  async insert(r: SandboxRecord, at: Date): Promise<void> {
    await this.db.sandbox.create({ data: { ...r, lastActiveAt: at } });
  }

  async snapshot(id: string): Promise<Uint8Array | undefined> {
    const row = await this.db.sandbox.findUnique({ where: { id }, select: { snapshot: true } });
    return row?.snapshot ?? undefined;
  }

  async saveSnapshot(id: string, snapshot: Uint8Array, faults: SandboxFault[], at: Date, state: "running" | "hibernated"): Promise<void> {
    await this.db.sandbox.update({ where: { id }, data: { snapshot: Buffer.from(snapshot), faults: JSON.stringify(faults), lastActiveAt: at, state } });
  }

  async update(
    id: string,
    data: { state?: "running" | "hibernated"; tokenHash?: string; lessonId?: string | null; nodes?: number; lastActiveAt?: Date; snapshot?: null },
  ): Promise<void> {
    await this.db.sandbox.update({ where: { id }, data });
  }

  async remove(id: string): Promise<void> {
    await this.db.sandbox.deleteMany({ where: { id } });
  }
}
