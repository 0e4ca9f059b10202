-- CreateTable
CREATE TABLE "diff_count" (
    "left_hash" TEXT NOT NULL,
    "right_hash" TEXT NOT NULL,
    "changes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "diff_count_pkey" PRIMARY KEY ("left_hash","right_hash")
);
