-- AlterTable
ALTER TABLE "poll" ADD COLUMN     "model_drift_count" INTEGER;
