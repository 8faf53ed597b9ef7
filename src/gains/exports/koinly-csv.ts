import { csvLine } from '../../portfolio/csv-field.js';
import type { ExportContext } from './export-context.js';
import { moneyText, quantityText, symbolOf, utcStamp } from './csv-format.js';
import type { TransactionRow } from './transaction-rows.js';

export const KOINLY_HEADER = [
  'Date',
  'Sent Amount',
  'Sent Currency',
  'Received Amount',
  'Received Currency',
  'Fee Amount',
  'Fee Currency',
  'Net Worth Amount',
  'Net Worth Currency',
  'Label',
  'Description',
  'TxHash',
] as const;

const LABELS: Record<TransactionRow['kind'], string> = {
  transfer: '',
  deposit: '',
  reward: 'reward',
  lost: 'lost',
  internal_fee: 'cost',
  liquidity_in: 'liquidity in',
  liquidity_out: 'liquidity out',
};

/**
 * Koinly's universal CSV: one row per transaction; a transaction that moves several units one way adds
 * a row per further unit with the same TxHash (Koinly groups rows by TxHash). The network fee of a
 * transfer between the user's own wallets is a `cost` row: Koinly then books it as a fee, not a sale.
 */
export function* koinlyCsv(rows: Iterable<TransactionRow>, ctx: ExportContext): Generator<string> {
  yield csvLine(KOINLY_HEADER);
  for (const row of rows) {
    const sent = row.kind === 'internal_fee' ? [['lovelace', row.fee] as [string, bigint]] : row.sent;
    const fee = row.kind === 'internal_fee' ? 0n : row.fee;
    const n = Math.max(sent.length, row.received.length, 1);
    for (let i = 0; i < n; i++) {
      const s = sent[i];
      const r = row.received[i];
      const worth = r ? ctx.valueAt(r[0], r[1], row.time) : s ? ctx.valueAt(s[0], s[1], row.time) : null;
      yield csvLine([
        utcStamp(row.time),
        s ? quantityText(s[0], s[1], ctx.tokens) : '',
        s ? symbolOf(s[0], ctx.tokens) : '',
        r ? quantityText(r[0], r[1], ctx.tokens) : '',
        r ? symbolOf(r[0], ctx.tokens) : '',
        i === 0 && fee > 0n ? quantityText('lovelace', fee, ctx.tokens) : '',
        i === 0 && fee > 0n ? 'ADA' : '',
        worth ? moneyText(worth) : '',
        worth ? ctx.currency : '',
        LABELS[row.kind],
        row.description,
        row.txHash ?? '',
      ]);
    }
  }
}
