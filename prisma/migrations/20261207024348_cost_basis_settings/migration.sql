-- AlterTable
ALTER TABLE "users" ADD COLUMN     "cost_basis_method" TEXT,
ADD COLUMN     "fee_policy" TEXT,
ADD COLUMN     "reward_policy" TEXT,
ADD COLUMN     "tax_year_start" TEXT;


-- The API validates these; the constraints keep direct (Supabase-style) writes to the same values.
ALTER TABLE "users"
  ADD CONSTRAINT "users_cost_basis_method_check"
    CHECK ("cost_basis_method" IS NULL OR "cost_basis_method" IN ('fifo', 'lifo', 'hifo', 'average', 'uk')),
  ADD CONSTRAINT "users_tax_year_start_check"
    CHECK ("tax_year_start" IS NULL OR "tax_year_start" ~ '^(1[0-2]|[1-9])-(3[01]|[12][0-9]|[1-9])$'),
  ADD CONSTRAINT "users_reward_policy_check"
    CHECK ("reward_policy" IS NULL OR "reward_policy" IN ('when_earned', 'when_withdrawn')),
  ADD CONSTRAINT "users_fee_policy_check"
    CHECK ("fee_policy" IS NULL OR "fee_policy" IN ('add_to_basis', 'disposal'));
