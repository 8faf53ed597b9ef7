import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config/config.js';
import { createDatabase } from '../../db/prisma-client.js';
import { PgPortfolioReadRepository } from '../../db/repositories/pg-portfolio-read-repository.js';
import { PgPriceRepository } from '../../db/repositories/pg-price-repository.js';
import { PgUserSettingsRepository } from '../../db/repositories/pg-user-settings-repository.js';
import { PrismaUserRepository } from '../../db/repositories/prisma-user-repository.js';
import { PrismaWalletRepository } from '../../db/repositories/prisma-wallet-repository.js';
import { parseWalletAddress } from '../../domain/address/wallet-address.js';
import { checkAsOf } from '../../domain/valuation/as-of.js';
import { PortfolioQueryService } from '../../portfolio/portfolio-query-service.js';
import { PortfolioValuationService } from '../../portfolio/portfolio-valuation-service.js';
import { PriceBookLoader } from '../../portfolio/price-book-loader.js';
import { ensureMigrated } from '../ensure-migrated.js';
import { UsageError } from '../usage-error.js';

const USAGE =
  'usage: adafolio portfolio <stake1…|addr1…> [--currency USD] [--as-of YYYY-MM-DD] [--user NAME] [--json]';

/**
 * `adafolio portfolio <wallet>`: the wallet's holdings valued in one currency, now or as of the end
 * of a past UTC day (the user's time zone when set), for the same local operator user as
 * `adafolio sync`. Reads what the last sync stored and the shared price table; never calls Blockfrost.
 */
export const portfolioCommand: CliCommand = {
  name: 'portfolio',
  summary: 'Print a synced wallet’s holdings with prices and values (now or --as-of a day)',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        currency: { type: 'string' },
        'as-of': { type: 'string' },
        user: { type: 'string', default: 'local-operator' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError(USAGE);
    let target;
    try {
      target = parseWalletAddress(positionals[0]!);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const config = loadConfig(process.env);
    const accepted = ['ADA', ...config.prices.currencies.filter((c) => c !== 'ADA')];
    const asOf = values['as-of'];

    await ensureMigrated(config.databaseUrl);
    const db = createDatabase(config.databaseUrl, { poolSize: 3 });
    try {
      const users = new PrismaUserRepository(db.prisma);
      const wallets = new PrismaWalletRepository(db.prisma, db.sql);
      const { user } = await users.findOrCreateByAddress(values.user!);
      const wallet = await wallets.getByAddress(user.id, target.address);
      if (!wallet) {
        throw new UsageError(
          `${target.address} is not a wallet of ${values.user}: run adafolio sync ${target.address} first`,
        );
      }
      const settings = await new PgUserSettingsRepository(db.sql).get(user.id);
      const currency = (
        values.currency ??
        settings?.preferredCurrency ??
        config.prices.baseCurrency
      ).toUpperCase();
      if (!accepted.includes(currency))
        throw new UsageError(`--currency must be one of ${accepted.join(', ')}`);
      const timeZone = settings?.timeZone ?? undefined;
      if (asOf !== undefined) {
        const problem = checkAsOf(asOf, new Date(), timeZone);
        if (problem === 'malformed') throw new UsageError('--as-of must be a calendar date YYYY-MM-DD');
        if (problem === 'future')
          throw new UsageError(`--as-of must not be after today (${timeZone ?? 'UTC'})`);
      }
      const now = () => new Date();
      const valuation = new PortfolioValuationService({
        portfolio: new PortfolioQueryService({ reader: new PgPortfolioReadRepository(db.prisma) }),
        books: new PriceBookLoader({ prices: new PgPriceRepository(db.sql), now }),
        now,
      });
      const view = await valuation.portfolio(user.id, [wallet.address], { currency, asOf, timeZone });
      const output = {
        wallet: wallet.address,
        currency: view.currency,
        asOf: view.asOf,
        valuedAt: view.valuedAt,
        holdings: view.holdings.map((h) => ({
          unit: h.unit,
          ticker: h.ticker ?? null,
          quantity: h.quantity,
          decimals: h.decimals,
          price: h.price,
          value: h.value,
          priceSource: h.priceSource,
          priceDate: h.priceDate,
          ...(h.priceReason ? { priceReason: h.priceReason } : {}),
        })),
        total: view.total.value,
        pricedUnits: view.total.pricedUnits,
        unpricedUnits: view.total.unpricedUnits,
        pricesAvailable: view.pricesAvailable,
      };
      if (values.json) {
        process.stdout.write(JSON.stringify(output) + '\n');
        return 0;
      }
      const lines = [
        `${output.wallet} in ${output.currency}${output.asOf ? ` as of ${output.asOf}` : ''}`,
        ...view.holdings.map(
          (h) =>
            `  ${(h.ticker ?? h.unit.slice(0, 16)).padEnd(16)} ${h.amount.padStart(24)}  ` +
            (h.price === null
              ? `unpriced (${h.priceReason}${h.priceDate ? ` since ${h.priceDate}` : ''})`
              : `× ${h.price} = ${h.value} (${h.priceSource}, ${h.priceDate})`),
        ),
        `total ${output.total ?? 'unknown'} ${output.currency}` +
          (output.unpricedUnits.length
            ? ` (${output.unpricedUnits.length} holding(s) unpriced, not counted)`
            : ''),
      ];
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    } finally {
      await db.close();
    }
  },
};
