import { csvLine } from '../../portfolio/csv-field.js';
import type { ExportContext } from './export-context.js';
import { quantityText, symbolOf, usStamp } from './csv-format.js';
import type { TransactionRow } from './transaction-rows.js';

export const COINTRACKER_HEADER = [
  'Date',
  'Received Quantity',
  'Received Currency',
  'Sent Quantity',
  'Sent Currency',
  'Fee Amount',
  'Fee Currency',
  'Tag',
] as const;

const TAGS: Record<TransactionRow['kind'], string> = {
  transfer: '',
  deposit: '',
  reward: 'staked',
  lost: 'lost',
  internal_fee: '',
  liquidity_in: '',
  liquidity_out: '',
};

/**
 * CoinTracker's CSV import (dates `MM/DD/YYYY HH:MM:SS` UTC): one row per transaction, a row per
 * further unit when several move one way. The fee of a movement between the user's own wallets is a
 * fee-only row.
 */
export function* cointrackerCsv(rows: Iterable<TransactionRow>, ctx: ExportContext): Generator<string> {
  yield csvLine(COINTRACKER_HEADER);
  for (const row of rows) {
    const n = Math.max(row.sent.length, row.received.length, 1);
    for (let i = 0; i < n; i++) {
      const s = row.sent[i];
      const r = row.received[i];
      yield csvLine([
        usStamp(row.time),
        r ? quantityText(r[0], r[1], ctx.tokens) : '',
        r ? symbolOf(r[0], ctx.tokens) : '',
        s ? quantityText(s[0], s[1], ctx.tokens) : '',
        s ? symbolOf(s[0], ctx.tokens) : '',
        i === 0 && row.fee > 0n ? quantityText('lovelace', row.fee, ctx.tokens) : '',
        i === 0 && row.fee > 0n ? 'ADA' : '',
        TAGS[row.kind],
      ]);
    }
  }
}
