-- CreateTable
CREATE TABLE "poll" (
    "id" SERIAL NOT NULL,
    "environment" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "version" TEXT,
    "head" TEXT,
    "behind" INTEGER,
    "pending_count" INTEGER,
    "drift_count" INTEGER,
    "max_risk" TEXT,
    "schema_hash" TEXT,

    CONSTRAINT "poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schema_blob" (
    "hash" TEXT NOT NULL,
    "json" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schema_blob_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "environment_state" (
    "environment" TEXT NOT NULL,
    "status" JSONB NOT NULL,
    "last_poll_id" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "environment_state_pkey" PRIMARY KEY ("environment")
);

-- CreateTable
CREATE TABLE "event" (
    "id" SERIAL NOT NULL,
    "environment" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "from_poll_id" INTEGER,
    "to_poll_id" INTEGER NOT NULL,
    "from_hash" TEXT,
    "to_hash" TEXT,
    "from_version" TEXT,
    "to_version" TEXT,
    "detail" TEXT,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "poll_environment_started_at_idx" ON "poll"("environment", "started_at" DESC);

-- CreateIndex
CREATE INDEX "event_environment_at_idx" ON "event"("environment", "at" DESC);

-- CreateIndex
CREATE INDEX "event_at_idx" ON "event"("at" DESC);

-- CreateIndex
CREATE INDEX "event_from_poll_id_idx" ON "event"("from_poll_id");

-- CreateIndex
CREATE INDEX "event_to_poll_id_idx" ON "event"("to_poll_id");

-- AddForeignKey
ALTER TABLE "poll" ADD CONSTRAINT "poll_schema_hash_fkey" FOREIGN KEY ("schema_hash") REFERENCES "schema_blob"("hash") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "environment_state" ADD CONSTRAINT "environment_state_last_poll_id_fkey" FOREIGN KEY ("last_poll_id") REFERENCES "poll"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_from_poll_id_fkey" FOREIGN KEY ("from_poll_id") REFERENCES "poll"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_to_poll_id_fkey" FOREIGN KEY ("to_poll_id") REFERENCES "poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
