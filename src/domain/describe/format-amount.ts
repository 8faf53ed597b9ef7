import { LOVELACE, assetNameOf, policyOf } from '../amounts.js';
import type { TokenInfo, TokenLookup } from '../ledger/types.js';

function lookup(tokens: TokenLookup | undefined, unit: string): TokenInfo | undefined {
  if (!tokens) return undefined;
  if (tokens instanceof Map) return tokens.get(unit);
  return (tokens as Readonly<Record<string, TokenInfo>>)[unit];
}

/** Groups thousands: 2412 → "2,412". */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Exact decimal rendering of an integer amount with `decimals` places, trailing zeros trimmed. */
export function formatQuantity(quantity: bigint, decimals = 0): string {
  const negative = quantity < 0n;
  const abs = negative ? -quantity : quantity;
  const digits = abs.toString();
  let whole = digits;
  let frac = '';
  if (decimals > 0) {
    const padded = digits.padStart(decimals + 1, '0');
    whole = padded.slice(0, -decimals);
    frac = padded.slice(-decimals).replace(/0+$/, '');
  }
  return `${negative ? '-' : ''}${group(whole)}${frac ? `.${frac}` : ''}`;
}

/** A short, human name for a unit: its ticker, else its printable asset name, else a policy prefix. */
export function unitLabel(unit: string, tokens?: TokenLookup): string {
  if (unit === LOVELACE) return 'ADA';
  const info = lookup(tokens, unit);
  if (info?.ticker) return info.ticker;
  const nameHex = assetNameOf(unit);
  const cip68 = /^(000de140|0014df10|000643b0)/.test(nameHex) ? nameHex.slice(8) : nameHex;
  const text = Buffer.from(cip68, 'hex').toString('utf8');
  if (text && /^[\x20-\x7e]{1,32}$/.test(text)) return text;
  if (info?.name) return info.name;
  return `${policyOf(unit).slice(0, 8)}…${nameHex ? `.${nameHex.slice(0, 8)}` : ''}`;
}

/** "2,412.5 MIN" with decimals applied when known (ADA always has 6). */
export function formatAmount(unit: string, quantity: bigint, tokens?: TokenLookup): string {
  const decimals = unit === LOVELACE ? 6 : (lookup(tokens, unit)?.decimals ?? 0);
  return `${formatQuantity(quantity, decimals)} ${unitLabel(unit, tokens)}`;
}

/** Lists amounts "a, b and c"; `sign` picks the positive or negative entries (absolute values). */
export function formatFlows(flows: ReadonlyMap<string, bigint>, sign: 1 | -1, tokens?: TokenLookup): string {
  const parts: string[] = [];
  // ADA first, then tokens in a stable order.
  const units = [...flows.keys()].sort((a, b) => (a === LOVELACE ? -1 : b === LOVELACE ? 1 : a < b ? -1 : 1));
  for (const unit of units) {
    const q = flows.get(unit)!;
    if ((sign > 0 && q > 0n) || (sign < 0 && q < 0n)) parts.push(formatAmount(unit, q < 0n ? -q : q, tokens));
  }
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
