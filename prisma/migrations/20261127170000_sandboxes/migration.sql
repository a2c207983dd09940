-- CreateTable
CREATE TABLE "Sandbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "snapshot" BLOB,
    "faults" TEXT NOT NULL DEFAULT '{}',
    "nodes" INTEGER NOT NULL DEFAULT 3,
    "lastActiveAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Sandbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Sandbox_state_lastActiveAt_idx" ON "Sandbox"("state", "lastActiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "Sandbox_userId_courseSlug_key" ON "Sandbox"("userId", "courseSlug");

