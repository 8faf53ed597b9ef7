-- AlterTable
ALTER TABLE "wallets" ADD COLUMN     "rewards_epoch" INTEGER;

-- CreateTable
CREATE TABLE "staking_rewards" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "wallet_address" TEXT NOT NULL,
    "source_key" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "spendable_epoch" INTEGER NOT NULL,
    "spendable_at" TIMESTAMPTZ(3) NOT NULL,
    "type" TEXT NOT NULL,
    "pool_id" TEXT,
    "amount" BIGINT NOT NULL,
    "active_stake" BIGINT,
    "tx_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staking_rewards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stake_epochs" (
    "user_id" UUID NOT NULL,
    "wallet_address" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "pool_id" TEXT NOT NULL,
    "active_stake" BIGINT NOT NULL,

    CONSTRAINT "stake_epochs_pkey" PRIMARY KEY ("user_id","wallet_address","epoch")
);

-- CreateTable
CREATE TABLE "stake_pools" (
    "pool_id" TEXT NOT NULL,
    "ticker" TEXT,
    "name" TEXT,
    "homepage" TEXT,
    "metadata_error" TEXT,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,
    "history_epoch" INTEGER,
    "history_at" TIMESTAMPTZ(3),

    CONSTRAINT "stake_pools_pkey" PRIMARY KEY ("pool_id")
);

-- CreateTable
CREATE TABLE "stake_pool_epochs" (
    "pool_id" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "active_stake" BIGINT NOT NULL,
    "rewards" BIGINT NOT NULL,
    "fees" BIGINT NOT NULL,
    "blocks" INTEGER NOT NULL,
    "delegators" INTEGER NOT NULL,

    CONSTRAINT "stake_pool_epochs_pkey" PRIMARY KEY ("pool_id","epoch")
);

-- CreateTable
CREATE TABLE "chain_epochs" (
    "epoch" INTEGER NOT NULL,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chain_epochs_pkey" PRIMARY KEY ("epoch")
);

-- CreateIndex
CREATE INDEX "staking_rewards_user_id_spendable_at_idx" ON "staking_rewards"("user_id", "spendable_at");

-- CreateIndex
CREATE UNIQUE INDEX "staking_rewards_user_id_wallet_address_source_key_key" ON "staking_rewards"("user_id", "wallet_address", "source_key");


-- Rewards and stake history are user data: a signed-in user sees and writes only their own rows.
ALTER TABLE "staking_rewards" ENABLE ROW LEVEL SECURITY;
CREATE POLICY staking_rewards_owner ON "staking_rewards" FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());
ALTER TABLE "stake_epochs" ENABLE ROW LEVEL SECURITY;
CREATE POLICY stake_epochs_owner ON "stake_epochs" FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());
GRANT SELECT, INSERT, UPDATE, DELETE ON "staking_rewards", "stake_epochs" TO authenticated;

-- Pools and epochs are public chain data: anyone may read; only the service writes.
ALTER TABLE "stake_pools" ENABLE ROW LEVEL SECURITY;
CREATE POLICY stake_pools_read ON "stake_pools" FOR SELECT TO anon, authenticated USING (true);
ALTER TABLE "stake_pool_epochs" ENABLE ROW LEVEL SECURITY;
CREATE POLICY stake_pool_epochs_read ON "stake_pool_epochs" FOR SELECT TO anon, authenticated USING (true);
ALTER TABLE "chain_epochs" ENABLE ROW LEVEL SECURITY;
CREATE POLICY chain_epochs_read ON "chain_epochs" FOR SELECT TO anon, authenticated USING (true);
GRANT SELECT ON "stake_pools", "stake_pool_epochs", "chain_epochs" TO anon, authenticated;
GRANT ALL ON "staking_rewards", "stake_epochs", "stake_pools", "stake_pool_epochs", "chain_epochs"
  TO service_role;
