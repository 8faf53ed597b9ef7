import { formatMoney } from '../format/money.js';
import { formatDay } from '../format/dates.js';
import { signOf } from './decimal.js';

/** A gain with its sign: `+$250.00`, `−$100.00`, `$0.00`; null → an em dash. */
export function formatGain(text: string | null | undefined, currency: string): string {
  if (text === null || text === undefined) return '—';
  const money = formatMoney(text, currency);
  // A positive gain that rounds to zero shows no sign.
  return signOf(text) > 0 && /[1-9]/.test(money) ? `+${money}` : money;
}

/** `pos` / `neg` / '' for colouring a gain. */
export function gainClass(text: string | null | undefined): string {
  const s = signOf(text);
  return s > 0 ? 'pos' : s < 0 ? 'neg' : '';
}

/** A whole-token quantity (`12345.678`) with its integer part grouped: `12,345.678`. */
export function formatQuantity(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text.trim());
  if (!m) return text;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** Date acquired: a day, `various` (several lots or a pool), or — when nothing matched (no basis). */
export function acquiredText(dateAcquired: string | null): string {
  if (dateAcquired === null) return '—';
  if (dateAcquired === 'various') return 'various';
  return formatDay(dateAcquired);
}

/** The token as the report names it: ticker, else name, else ADA for lovelace, else the unit shortened. */
export function gainsTokenLabel(t: { unit: string; ticker: string | null; name?: string | null }): string {
  if (t.unit === 'lovelace') return t.ticker ?? 'ADA';
  if (t.ticker) return t.ticker;
  if (t.name) return t.name;
  return t.unit.length > 16 ? `${t.unit.slice(0, 8)}…${t.unit.slice(-6)}` : t.unit;
}

export const CARDANOSCAN_TX = (hash: string) => `https://cardanoscan.io/transaction/${hash}`;
