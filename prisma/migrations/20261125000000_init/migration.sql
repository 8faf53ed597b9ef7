-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "wallet_kind" AS ENUM ('payment', 'stake');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "primary_address" TEXT,
    "display_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "wallets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "kind" "wallet_kind" NOT NULL,
    "label" TEXT,
    "cursor_block_height" INTEGER,
    "cursor_block_hash" TEXT,
    "last_synced_at" TIMESTAMPTZ(3),
    "reconciliation_status" TEXT,
    "reconciliation" JSONB,
    "reconciled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "wallets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "wallet_address" TEXT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "block_height" INTEGER NOT NULL,
    "tx_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "tx_action" TEXT NOT NULL,
    "tx_protocol" TEXT,
    "description" TEXT,
    "net_ada_change" BIGINT NOT NULL,
    "fees" BIGINT NOT NULL,
    "action_id" UUID,
    "sequence_number" INTEGER,
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "actions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "wallet_address" TEXT NOT NULL,
    "action_type" TEXT NOT NULL,
    "protocol" TEXT,
    "status" TEXT NOT NULL,
    "description" TEXT,
    "link_key" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "metadata" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_flows" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "transaction_id" UUID NOT NULL,
    "wallet_address" TEXT NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "quantity" DECIMAL(40,0) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "asset_flows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tokens" (
    "unit" TEXT NOT NULL,
    "policy_id" TEXT NOT NULL,
    "asset_name" TEXT,
    "fingerprint" TEXT,
    "name" TEXT,
    "ticker" TEXT,
    "decimals" INTEGER,
    "logo" TEXT,
    "metadata_standard" TEXT,
    "metadata" JSONB,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tokens_pkey" PRIMARY KEY ("unit")
);

-- CreateTable
CREATE TABLE "auth_challenges" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "address" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "auth_challenges_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_jobs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "wallet_address" TEXT,
    "user_id" UUID,
    "job_type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "scheduled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "error_message" TEXT,
    "retry_count" INTEGER NOT NULL DEFAULT 0,
    "max_retries" INTEGER NOT NULL DEFAULT 3,
    "data" JSONB,
    "metadata" JSONB,
    "progress" JSONB,
    "locked_by" TEXT,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "portfolio_holdings_snapshots" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "wallet_address" TEXT NOT NULL,
    "as_of" TIMESTAMPTZ(3) NOT NULL,
    "token_unit" TEXT NOT NULL,
    "quantity" DECIMAL(40,0) NOT NULL,
    "value" DECIMAL(40,6),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "portfolio_holdings_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chain_transactions" (
    "tx_hash" TEXT NOT NULL,
    "block_height" INTEGER NOT NULL,
    "block_hash" TEXT NOT NULL,
    "block_time" INTEGER NOT NULL,
    "tx_index" INTEGER NOT NULL,
    "details" JSONB,
    "utxos" JSONB NOT NULL,
    "tx_metadata" JSONB,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chain_transactions_pkey" PRIMARY KEY ("tx_hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_primary_address_key" ON "users"("primary_address");

-- CreateIndex
CREATE INDEX "wallets_address_idx" ON "wallets"("address");

-- CreateIndex
CREATE UNIQUE INDEX "wallets_user_id_address_key" ON "wallets"("user_id", "address");

-- CreateIndex
CREATE INDEX "transactions_wallet_address_block_height_idx" ON "transactions"("wallet_address", "block_height");

-- CreateIndex
CREATE INDEX "transactions_user_id_tx_timestamp_idx" ON "transactions"("user_id", "tx_timestamp");

-- CreateIndex
CREATE INDEX "transactions_tx_hash_idx" ON "transactions"("tx_hash");

-- CreateIndex
CREATE INDEX "transactions_action_id_sequence_number_idx" ON "transactions"("action_id", "sequence_number");

-- CreateIndex
CREATE INDEX "transactions_user_id_tx_action_idx" ON "transactions"("user_id", "tx_action");

-- CreateIndex
CREATE INDEX "transactions_user_id_tx_protocol_idx" ON "transactions"("user_id", "tx_protocol");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_user_id_wallet_address_tx_hash_key" ON "transactions"("user_id", "wallet_address", "tx_hash");

-- CreateIndex
CREATE INDEX "actions_user_id_started_at_idx" ON "actions"("user_id", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "actions_user_id_wallet_address_link_key_key" ON "actions"("user_id", "wallet_address", "link_key");

-- CreateIndex
CREATE INDEX "asset_flows_user_id_unit_idx" ON "asset_flows"("user_id", "unit");

-- CreateIndex
CREATE INDEX "asset_flows_user_id_wallet_address_idx" ON "asset_flows"("user_id", "wallet_address");

-- CreateIndex
CREATE UNIQUE INDEX "asset_flows_transaction_id_unit_key" ON "asset_flows"("transaction_id", "unit");

-- CreateIndex
CREATE INDEX "tokens_policy_id_idx" ON "tokens"("policy_id");

-- CreateIndex
CREATE UNIQUE INDEX "auth_challenges_nonce_key" ON "auth_challenges"("nonce");

-- CreateIndex
CREATE INDEX "auth_challenges_address_idx" ON "auth_challenges"("address");

-- CreateIndex
CREATE INDEX "sync_jobs_status_scheduled_at_idx" ON "sync_jobs"("status", "scheduled_at");

-- CreateIndex
CREATE INDEX "sync_jobs_wallet_address_idx" ON "sync_jobs"("wallet_address");

-- CreateIndex
CREATE INDEX "sync_jobs_user_id_idx" ON "sync_jobs"("user_id");

-- CreateIndex
CREATE INDEX "sync_jobs_status_priority_scheduled_at_idx" ON "sync_jobs"("status", "priority", "scheduled_at");

-- CreateIndex
CREATE INDEX "portfolio_holdings_snapshots_user_id_wallet_address_as_of_idx" ON "portfolio_holdings_snapshots"("user_id", "wallet_address", "as_of");

-- CreateIndex
CREATE INDEX "portfolio_holdings_snapshots_user_id_token_unit_as_of_idx" ON "portfolio_holdings_snapshots"("user_id", "token_unit", "as_of");

-- CreateIndex
CREATE UNIQUE INDEX "portfolio_holdings_snapshots_user_id_wallet_address_token_u_key" ON "portfolio_holdings_snapshots"("user_id", "wallet_address", "token_unit", "as_of");

-- CreateIndex
CREATE INDEX "chain_transactions_block_height_idx" ON "chain_transactions"("block_height");

-- AddForeignKey
ALTER TABLE "wallets" ADD CONSTRAINT "wallets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions" ADD CONSTRAINT "transactions_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "actions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "asset_flows" ADD CONSTRAINT "asset_flows_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "transactions"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------
-- Row Level Security, Supabase style. On Supabase the roles and auth.uid() already exist; on plain
-- PostgreSQL they are created here so the same policies apply. Roles are cluster-wide, so creation
-- tolerates a concurrent migration creating them first.
-- ---------------------------------------------------------------------------------------------
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
      END;
    END IF;
  END LOOP;
END $$;

DO $$
BEGIN
  BEGIN
    ALTER ROLE service_role BYPASSRLS;
  EXCEPTION WHEN insufficient_privilege THEN NULL;
  END;
END $$;

CREATE SCHEMA IF NOT EXISTS auth;

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'auth' AND p.proname = 'uid'
  ) THEN
    -- Same contract as Supabase's auth.uid(): the `sub` claim of the request's JWT, or NULL.
    EXECUTE $fn$
      CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $body$
        SELECT nullif(
          coalesce(
            nullif(current_setting('request.jwt.claim.sub', true), ''),
            nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'
          ),
          ''
        )::uuid
      $body$
    $fn$;
  END IF;
END $$;

GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION auth.uid() TO anon, authenticated, service_role;
GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;

-- User-owned tables: a signed-in user sees and writes only rows whose owner is auth.uid().
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_self ON "users" FOR ALL TO authenticated
  USING (id = auth.uid()) WITH CHECK (id = auth.uid());

ALTER TABLE "wallets" ENABLE ROW LEVEL SECURITY;
CREATE POLICY wallets_owner ON "wallets" FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

ALTER TABLE "transactions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY transactions_owner ON "transactions" FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

ALTER TABLE "actions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY actions_owner ON "actions" FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

ALTER TABLE "asset_flows" ENABLE ROW LEVEL SECURITY;
CREATE POLICY asset_flows_owner ON "asset_flows" FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

ALTER TABLE "portfolio_holdings_snapshots" ENABLE ROW LEVEL SECURITY;
CREATE POLICY snapshots_owner ON "portfolio_holdings_snapshots" FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

-- Users may read their own jobs; only the service enqueues and runs them.
ALTER TABLE "sync_jobs" ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_jobs_owner_read ON "sync_jobs" FOR SELECT TO authenticated
  USING (user_id = auth.uid());

-- Sign-in challenges are handled by the server only: RLS on, no policy for anon/authenticated.
ALTER TABLE "auth_challenges" ENABLE ROW LEVEL SECURITY;

-- Public chain data: anyone signed in may read; only the service writes.
ALTER TABLE "tokens" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tokens_read ON "tokens" FOR SELECT TO anon, authenticated USING (true);
ALTER TABLE "chain_transactions" ENABLE ROW LEVEL SECURITY;
CREATE POLICY chain_transactions_read ON "chain_transactions" FOR SELECT TO anon, authenticated USING (true);

GRANT SELECT, INSERT, UPDATE, DELETE ON "users", "wallets", "transactions", "actions", "asset_flows",
  "portfolio_holdings_snapshots" TO authenticated;
GRANT SELECT ON "sync_jobs", "tokens", "chain_transactions" TO authenticated;
GRANT SELECT ON "tokens", "chain_transactions" TO anon;
GRANT ALL ON ALL TABLES IN SCHEMA public TO service_role;
