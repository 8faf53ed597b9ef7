import { valueOf } from '../domain/cost-basis/money.js';
import { cointrackerCsv } from './exports/cointracker-csv.js';
import { decimalsOf } from './exports/csv-format.js';
import type { ExportContext } from './exports/export-context.js';
import { form8949Csv } from './exports/form-8949-csv.js';
import { koinlyCsv } from './exports/koinly-csv.js';
import { ledgerCsv } from './exports/ledger-csv.js';
import { mergeByTime, rewardRows, transactionRows } from './exports/transaction-rows.js';
import type { GainsComputation } from './gains-service.js';

export const EXPORT_FORMATS = ['koinly', 'cointracker', 'ledger', '8949'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportScope {
  from: number | null;
  to: number | null;
  /** Wallet addresses in scope; null: all the user's. */
  wallets: ReadonlySet<string> | null;
}

/** The CSV of `format` for a computed report, line by line (the API streams it, the CLI prints it). */
export function exportCsv(c: GainsComputation, format: ExportFormat, scope: ExportScope): Iterable<string> {
  const ctx: ExportContext = {
    currency: c.settings.currency,
    tokens: c.tokens,
    valueAt: (unit, quantity, time) => {
      const price = c.priceAt(unit, time);
      return price === null ? null : valueOf(quantity, decimalsOf(unit, c.tokens), price);
    },
  };
  const range = {
    ...(scope.from !== null ? { from: scope.from } : {}),
    ...(scope.to !== null ? { to: scope.to } : {}),
  };
  switch (format) {
    case 'koinly':
    case 'cointracker': {
      const rewardsKnown = new Set(c.rewards.map((r) => r.walletAddress));
      const options = {
        wallets: scope.wallets,
        rewardsKnown,
        rewardPolicy: c.settings.rewardPolicy,
        ...range,
      };
      const rows = mergeByTime(transactionRows(c.records, options), rewardRows(c.rewards, options));
      return format === 'koinly' ? koinlyCsv(rows, ctx) : cointrackerCsv(rows, ctx);
    }
    case '8949':
      return form8949Csv(c.report.disposals, { ...ctx, txOf: c.txOf });
    case 'ledger': {
      const owner = (id: string) => (id.includes('#') ? id.slice(0, id.indexOf('#')) : id);
      return ledgerCsv(c.events, c.report.disposals, {
        ...ctx,
        txOf: c.txOf,
        missingPrice: new Set(
          c.report.warnings.items.filter((w) => w.kind === 'missing_price').map((w) => w.eventId),
        ),
        inScope: (e) =>
          (scope.from === null || e.time >= scope.from) &&
          (scope.to === null || e.time < scope.to) &&
          (scope.wallets === null || scope.wallets.has(owner(e.walletId))),
      });
    }
  }
}
