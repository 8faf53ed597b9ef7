-- CreateTable
CREATE TABLE "prices" (
    "unit" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "price" DECIMAL(65,30) NOT NULL,
    "source" TEXT NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prices_pkey" PRIMARY KEY ("unit","currency","day")
);

-- CreateTable
CREATE TABLE "latest_prices" (
    "unit" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "price" DECIMAL(65,30) NOT NULL,
    "source" TEXT NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "latest_prices_pkey" PRIMARY KEY ("unit","currency")
);

-- CreateIndex
CREATE INDEX "prices_currency_day_idx" ON "prices"("currency", "day");


-- Prices are public market data like chain_transactions: readable by every role, written by the
-- service (workers, CLI) only.
ALTER TABLE "prices" ENABLE ROW LEVEL SECURITY;
CREATE POLICY prices_read ON "prices" FOR SELECT TO anon, authenticated USING (true);
ALTER TABLE "latest_prices" ENABLE ROW LEVEL SECURITY;
CREATE POLICY latest_prices_read ON "latest_prices" FOR SELECT TO anon, authenticated USING (true);
GRANT SELECT ON "prices", "latest_prices" TO anon, authenticated;
GRANT ALL ON "prices", "latest_prices" TO service_role;
