-- CreateTable
CREATE TABLE "Sandbox" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "snapshot" BYTEA,
    "faults" TEXT NOT NULL DEFAULT '{}',
    "nodes" INTEGER NOT NULL DEFAULT 3,
    "lastActiveAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sandbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Sandbox_state_lastActiveAt_idx" ON "Sandbox"("state", "lastActiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "Sandbox_userId_courseSlug_key" ON "Sandbox"("userId", "courseSlug");

-- AddForeignKey
ALTER TABLE "Sandbox" ADD CONSTRAINT "Sandbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
