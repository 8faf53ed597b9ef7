-- AlterTable
ALTER TABLE "users" ADD COLUMN     "preferred_currency" TEXT,
ADD COLUMN     "time_zone" TEXT;

