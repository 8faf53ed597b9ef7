-- Covering index for the holdings history read (src/db/repositories/pg-portfolio-read-repository.ts):
-- one index-only scan of a user's snapshot rows, ordered per (token, wallet) series by day, feeds the
-- window function that turns them into per-day deltas without a sort or heap fetches; the latest-row
-- probes of the current holdings use it too. Not expressible in schema.prisma (INCLUDE), hence raw SQL.
CREATE INDEX "portfolio_holdings_snapshots_series_idx"
  ON "portfolio_holdings_snapshots" ("user_id", "token_unit", "wallet_address", "as_of") INCLUDE ("quantity");
