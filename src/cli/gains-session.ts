import { loadConfig } from '../config/config.js';
import { createDatabase, type Database } from '../db/prisma-client.js';
import { PgCostBasisRecords } from '../db/repositories/pg-cost-basis-records.js';
import { PgPortfolioReadRepository } from '../db/repositories/pg-portfolio-read-repository.js';
import { PgPriceRepository } from '../db/repositories/pg-price-repository.js';
import { PgUserSettingsRepository } from '../db/repositories/pg-user-settings-repository.js';
import { PrismaStakingRewardRepository } from '../db/repositories/prisma-staking-reward-repository.js';
import { PrismaUserRepository } from '../db/repositories/prisma-user-repository.js';
import { PrismaWalletRepository } from '../db/repositories/prisma-wallet-repository.js';
import { parseWalletAddress } from '../domain/address/wallet-address.js';
import { periodScope, resolvePeriod, type GainsPeriod } from '../gains/gains-period.js';
import { GainsService, type GainsComputation } from '../gains/gains-service.js';
import { GainsInputError, resolveCostBasisSettings } from '../gains/gains-settings.js';
import { PriceBookLoader } from '../portfolio/price-book-loader.js';
import { ensureMigrated } from './ensure-migrated.js';
import { UsageError } from './usage-error.js';

/** The options `adafolio gains` and `adafolio export` share. */
export const GAINS_OPTIONS = {
  method: { type: 'string' },
  currency: { type: 'string' },
  year: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'reward-policy': { type: 'string' },
  'fee-policy': { type: 'string' },
  'tax-year-start': { type: 'string' },
  user: { type: 'string', default: 'local-operator' },
} as const;

export interface GainsArgs {
  wallet: string;
  method?: string | undefined;
  currency?: string | undefined;
  year?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  'reward-policy'?: string | undefined;
  'fee-policy'?: string | undefined;
  'tax-year-start'?: string | undefined;
  user?: string | undefined;
}

/**
 * Computes a gains report for one wallet of the local operator user (basis over all of that user's
 * wallets, as the API does), with the user's saved settings under the command line's overrides.
 * Bad input is a UsageError naming the accepted values.
 */
export async function computeForCli<T>(
  args: GainsArgs,
  use: (c: GainsComputation, period: GainsPeriod, walletAddress: string) => Promise<T> | T,
): Promise<T> {
  let target;
  try {
    target = parseWalletAddress(args.wallet);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const config = loadConfig(process.env);
  const accepted = ['ADA', ...config.prices.currencies.filter((c) => c !== 'ADA')];
  await ensureMigrated(config.databaseUrl);
  const db: Database = createDatabase(config.databaseUrl, { poolSize: 3 });
  try {
    const userName = args.user ?? 'local-operator';
    const { user } = await new PrismaUserRepository(db.prisma).findOrCreateByAddress(userName);
    const wallets = new PrismaWalletRepository(db.prisma, db.sql);
    const wallet = await wallets.getByAddress(user.id, target.address);
    if (!wallet)
      throw new UsageError(
        `${target.address} is not a wallet of ${userName}: run adafolio sync ${target.address} first`,
      );
    const saved = await new PgUserSettingsRepository(db.sql).get(user.id);
    const currency = (args.currency ?? saved?.preferredCurrency ?? config.prices.baseCurrency).toUpperCase();
    if (!accepted.includes(currency))
      throw new UsageError(`--currency must be one of ${accepted.join(', ')}`);
    let settings;
    let period;
    try {
      settings = resolveCostBasisSettings(
        saved,
        {
          method: args.method,
          rewardPolicy: args['reward-policy'],
          feePolicy: args['fee-policy'],
          taxYearStart: args['tax-year-start'],
        },
        currency,
      );
      period = resolvePeriod(args, settings.taxYearStart);
    } catch (error) {
      if (error instanceof GainsInputError) throw new UsageError(`--${error.message}`);
      throw error;
    }
    const now = () => new Date();
    const gains = new GainsService({
      records: new PgCostBasisRecords(db.sql),
      rewards: new PrismaStakingRewardRepository(db.prisma, db.sql),
      tokens: new PgPortfolioReadRepository(db.prisma),
      books: new PriceBookLoader({ prices: new PgPriceRepository(db.sql), now }),
      wallets,
    });
    const computed = await gains.compute(user.id, settings, {
      ...periodScope(period),
      walletAddresses: [wallet.address],
    });
    return await use(computed, period, wallet.address);
  } finally {
    await db.close();
  }
}
