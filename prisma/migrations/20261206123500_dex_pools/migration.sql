-- CreateTable
CREATE TABLE "dex_pools" (
    "token_unit" TEXT NOT NULL,
    "kind" TEXT,
    "address" TEXT,
    "nft_unit" TEXT,
    "history_from" DATE,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dex_pools_pkey" PRIMARY KEY ("token_unit")
);

-- The deepest DEX pool found per token (public chain data, like prices): found once with a few
-- Blockfrost requests, then read with one per refresh. A row without a pool says none was found then.
ALTER TABLE "dex_pools" ENABLE ROW LEVEL SECURITY;
CREATE POLICY dex_pools_read ON "dex_pools" FOR SELECT TO anon, authenticated USING (true);
GRANT SELECT ON "dex_pools" TO anon, authenticated;
GRANT ALL ON "dex_pools" TO service_role;
