-- CreateTable
CREATE TABLE "alert_state" (
    "key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "first_fired_at" TIMESTAMPTZ(3) NOT NULL,
    "last_fired_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_state_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" SERIAL NOT NULL,
    "alert_key" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "reminder" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT,
    "title" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_pending_seen" (
    "environment" TEXT NOT NULL,
    "migration_id" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_pending_seen_pkey" PRIMARY KEY ("environment","migration_id")
);

-- CreateIndex
CREATE INDEX "alert_state_environment_idx" ON "alert_state"("environment");

-- CreateIndex
CREATE INDEX "alert_delivery_created_at_idx" ON "alert_delivery"("created_at" DESC);
