import type { TxUtxos, UtxoInput, UtxoOutput } from '../blockfrost-types.js';
import { LOVELACE } from '../amounts.js';
import { dayText } from '../valuation/utc-day.js';
import { poolPriceInAda } from './pools/pool-price.js';
import type { DailyPrice } from './price-types.js';

/** The stored `source` of a price derived from the users' own DEX fills (and its PRICE_SOURCES name). */
export const FILL_SOURCE = 'fill';

/** One transaction of a swap action as the sync stored it: its category and this wallet's net flows. */
export interface SwapStep {
  txHash: string;
  /** `swap_order`, `swap_fill` or `swap_refund`. */
  txAction: string;
  /** Block time, seconds since the epoch. */
  blockTime: number;
  /** This wallet's net change per unit in the transaction (lovelace included). */
  flows: ReadonlyMap<string, bigint>;
}

/** A DEX order and what settled it: one linked Action of the sync, with the settling transaction's UTxOs. */
export interface SettledSwap {
  /** The order output `txHash#index` (the Action's link key). */
  linkKey: string;
  status: 'open' | 'completed' | 'refunded';
  steps: readonly SwapStep[];
  /** `/txs/{fill}/utxos` from the shared chain cache; null when it is not cached. */
  fillUtxos: TxUtxos | null;
}

/** What the pool exchanged for this one order, in base units, at the fill's block. */
export interface FillExecution {
  linkKey: string;
  fillTxHash: string;
  unit: string;
  /** Lovelace the pool took (a buy) or paid (a sell) for `quantity`. */
  lovelace: bigint;
  /** Base units of `unit` the pool paid (a buy) or took (a sell). */
  quantity: bigint;
  side: 'buy' | 'sell';
  /** UTC day of the fill's block, `YYYY-MM-DD`. */
  day: string;
}

export type FillSkipReason =
  | 'not_filled' // refunded, or still open: nothing was exchanged
  | 'no_token' // the wallet's net flows move no token (e.g. the order was placed from another wallet)
  | 'token_to_token' // two tokens and no ADA side: a cross rate, not a token/ADA price
  | 'no_fill_utxos' // the fill transaction is not in the chain cache
  | 'no_pool' // no pool UTxO (same script address in and out, holding the token) in the fill
  | 'shared_batch'; // the pool moved more than this order: other orders in the batch, no exact share

export type FillOutcome = { execution: FillExecution } | { skip: FillSkipReason };

const DAY_S = 86_400;

/**
 * The exact execution of a filled swap, read from the pool's side of the fill transaction.
 *
 * Why the pool and not the wallet's ADA flows: the order transaction sends ADA + the network fee + the
 * batcher fee + a deposit, and the fill sends back the token + the deposit. The Action's net lovelace
 * therefore still holds the network fee and the batcher fee, and the batcher fee is not visible in the
 * wallet's flows at all (it is what the batcher keeps of the order output). The pool UTxO's change in
 * the fill (spent at its script address, recreated at the same address) is exactly what was traded:
 * fees and deposits never reach the pool. The Action pairs order and fill: it says the order was filled
 * (not refunded) and which token went which way, and the wallet's net token flow over the Action
 * (bought, or sold) must equal the pool's token change, which proves the pool traded with this order
 * alone; otherwise (several orders in one batch) the pool's change is a mix and no exact share exists.
 */
export function fillExecution(swap: SettledSwap): FillOutcome {
  const fill = swap.steps.find((s) => s.txAction === 'swap_fill');
  if (swap.status !== 'completed' || !fill) return { skip: 'not_filled' };
  const net = new Map<string, bigint>();
  for (const step of swap.steps)
    for (const [unit, q] of step.flows) if (unit !== LOVELACE) net.set(unit, (net.get(unit) ?? 0n) + q);
  const tokens = [...net].filter(([, q]) => q !== 0n);
  if (tokens.length === 0) return { skip: 'no_token' };
  if (tokens.length > 1) return { skip: 'token_to_token' };
  const [unit, moved] = tokens[0]!;
  if (!swap.fillUtxos) return { skip: 'no_fill_utxos' };
  const pool = poolChange(swap.fillUtxos, unit, swap.linkKey);
  if (!pool) return { skip: 'no_pool' };
  // A buy: the pool paid out what the wallet gained and took lovelace; a sell the other way round.
  if (pool.token !== -moved || pool.lovelace === 0n || pool.lovelace > 0n !== moved > 0n)
    return { skip: 'shared_batch' };
  return {
    execution: {
      linkKey: swap.linkKey,
      fillTxHash: fill.txHash,
      unit,
      lovelace: pool.lovelace < 0n ? -pool.lovelace : pool.lovelace,
      quantity: moved < 0n ? -moved : moved,
      side: moved > 0n ? 'buy' : 'sell',
      day: dayText(Math.floor(fill.blockTime / DAY_S)),
    },
  };
}

/**
 * The pool's change (output − input) in lovelace and in `unit`: the one input/output pair at the same
 * address that both hold `unit`, the user's order input excluded. Null when there is none or more
 * than one (an unknown batch shape: better no price than a wrong one).
 */
function poolChange(
  utxos: TxUtxos,
  unit: string,
  orderKey: string,
): { lovelace: bigint; token: bigint } | null {
  const holds = (io: UtxoInput | UtxoOutput) => io.amount.some((a) => a.unit === unit);
  const inputs = utxos.inputs.filter(
    (i) => !i.collateral && !i.reference && `${i.tx_hash}#${i.output_index}` !== orderKey && holds(i),
  );
  const pairs: Array<[UtxoInput, UtxoOutput]> = [];
  for (const i of inputs)
    for (const o of utxos.outputs)
      if (!o.collateral && o.address === i.address && holds(o)) pairs.push([i, o]);
  if (pairs.length !== 1) return null;
  const [i, o] = pairs[0]!;
  return {
    lovelace: quantityOf(o, LOVELACE) - quantityOf(i, LOVELACE),
    token: quantityOf(o, unit) - quantityOf(i, unit),
  };
}

function quantityOf(io: UtxoInput | UtxoOutput, unit: string): bigint {
  return io.amount.reduce((s, a) => (a.unit === unit ? s + BigInt(a.quantity) : s), 0n);
}

/**
 * Daily token/ADA price points from fill executions: per (unit, UTC day), Σ lovelace / Σ quantity of
 * that day's fills (the volume-weighted execution price; one fill: its exact price), per WHOLE token
 * (the token's `decimals`) and per ADA, like every other source's token price. The same fill seen by
 * several users (two users tracking one wallet) counts once. A token whose decimals are not known yet
 * gets no price: its base units cannot be put per whole token.
 */
export function fillPricePoints(
  executions: readonly FillExecution[],
  decimals: ReadonlyMap<string, number | null>,
): DailyPrice[] {
  const seen = new Set<string>();
  const sums = new Map<string, { unit: string; day: string; lovelace: bigint; quantity: bigint }>();
  for (const e of executions) {
    const id = `${e.fillTxHash}|${e.linkKey}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const key = `${e.unit}|${e.day}`;
    const sum = sums.get(key) ?? { unit: e.unit, day: e.day, lovelace: 0n, quantity: 0n };
    sum.lovelace += e.lovelace;
    sum.quantity += e.quantity;
    sums.set(key, sum);
  }
  const points: DailyPrice[] = [];
  for (const s of sums.values()) {
    const d = decimals.get(s.unit);
    if (d === undefined || d === null) continue;
    points.push({
      unit: s.unit,
      currency: 'ADA',
      day: s.day,
      // The same exact division as a pool's reserves: lovelace per base unit, scaled to whole units.
      price: poolPriceInAda({ lovelace: s.lovelace, token: s.quantity }, d),
      source: FILL_SOURCE,
    });
  }
  return points.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : a.day < b.day ? -1 : 1));
}
