-- CreateTable
CREATE TABLE "expected_cache" (
    "key" TEXT NOT NULL,
    "format" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "body_sha256" TEXT NOT NULL,
    "data" BYTEA,
    "data_sha256" TEXT,
    "bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "expected_cache_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "expected_cache_used_at_idx" ON "expected_cache"("used_at");
