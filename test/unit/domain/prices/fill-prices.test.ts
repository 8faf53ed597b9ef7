import { describe, expect, it } from 'vitest';
import type { TxUtxos, UtxoInput, UtxoOutput } from '../../../../src/domain/blockfrost-types.js';
import {
  fillExecution,
  fillPricePoints,
  type FillExecution,
  type SettledSwap,
  type SwapStep,
} from '../../../../src/domain/prices/fill-prices.js';

const ADA = 1_000_000n;
const T = 'a0028f350aaabe0545fdcb56b039bfb08e4bb4d8c4d7c3c7d481c235' + '484f534b59';
const U = 'b0028f350aaabe0545fdcb56b039bfb08e4bb4d8c4d7c3c7d481c235' + '5553444d';
const NFT = 'c0028f350aaabe0545fdcb56b039bfb08e4bb4d8c4d7c3c7d481c235' + '01';
const POOL = 'addr1wpool';
const ORDER_TX = 'aa'.repeat(32);
const FILL_TX = 'bb'.repeat(32);
const ORDER_KEY = `${ORDER_TX}#0`;
const FEE = 180_000n;
const BATCHER_FEE = 2n * ADA;
const DEPOSIT = 2n * ADA;
// 2024-03-05T12:00:00Z
const FILL_TIME = Date.UTC(2024, 2, 5, 12) / 1000;

type Amounts = Record<string, bigint>;
const amount = (a: Amounts) => Object.entries(a).map(([unit, q]) => ({ unit, quantity: q.toString() }));
const input = (address: string, a: Amounts, txHash: string, index: number): UtxoInput => ({
  address,
  amount: amount(a),
  tx_hash: txHash,
  output_index: index,
});
const output = (address: string, a: Amounts, index: number): UtxoOutput => ({
  address,
  amount: amount(a),
  output_index: index,
});
const flows = (a: Amounts) => new Map(Object.entries(a));
const orderStep = (a: Amounts): SwapStep => ({
  txHash: ORDER_TX,
  txAction: 'swap_order',
  blockTime: FILL_TIME - 600,
  flows: flows(a),
});
const fillStep = (a: Amounts, txAction = 'swap_fill'): SwapStep => ({
  txHash: FILL_TX,
  txAction,
  blockTime: FILL_TIME,
  flows: flows(a),
});

/** A batcher transaction: the order, the pool and the batcher's own input, paying pool, user and batcher. */
function batch(order: Amounts, poolIn: Amounts, poolOut: Amounts, toUser: Amounts): TxUtxos {
  return {
    hash: FILL_TX,
    inputs: [
      input('addr1worder', order, ORDER_TX, 0),
      input(POOL, poolIn, 'cc'.repeat(32), 0),
      input('addr1vbatcher', { lovelace: 50n * ADA }, 'dd'.repeat(32), 1),
    ],
    outputs: [
      output(POOL, poolOut, 0),
      output('addr1quser', toUser, 1),
      output('addr1vbatcher', { lovelace: 50n * ADA + BATCHER_FEE - 300_000n }, 2),
    ],
  };
}

/** ADA → T: 100 ADA into the pool for 250 T (6 decimals); the order also locked batcher fee and deposit. */
function buy(over: Partial<SettledSwap> = {}): SettledSwap {
  const sent = 100n * ADA + BATCHER_FEE + DEPOSIT;
  return {
    linkKey: ORDER_KEY,
    status: 'completed',
    steps: [orderStep({ lovelace: -(sent + FEE) }), fillStep({ lovelace: DEPOSIT, [T]: 250_000_000n })],
    fillUtxos: batch(
      { lovelace: sent },
      { lovelace: 1_000_000n * ADA, [T]: 10_000_000_000_000n, [NFT]: 1n },
      { lovelace: 1_000_100n * ADA, [T]: 10_000_000_000_000n - 250_000_000n, [NFT]: 1n },
      { lovelace: DEPOSIT, [T]: 250_000_000n },
    ),
    ...over,
  };
}

/** What `buy()` exchanged at the pool. */
const BUY: FillExecution = {
  linkKey: ORDER_KEY,
  fillTxHash: FILL_TX,
  unit: T,
  lovelace: 100n * ADA,
  quantity: 250_000_000n,
  side: 'buy',
  day: '2024-03-05',
};

describe('fillExecution: what the pool exchanged for one filled order', () => {
  it('ADA → token: the ADA the pool took, not the order’s ADA (network fee, batcher fee and deposit excluded)', () => {
    const outcome = fillExecution(buy());
    expect(outcome).toEqual({ execution: BUY });
    // The Action's net lovelace would have said 102.18 ADA: fee and batcher fee are not part of the price.
    const net = buy().steps.reduce((s, st) => s + (st.flows.get('lovelace') ?? 0n), 0n);
    expect(-net).toBe(100n * ADA + BATCHER_FEE + FEE);
  });

  it('token → ADA: the ADA the pool paid for the tokens the order sold', () => {
    const sell: SettledSwap = {
      linkKey: ORDER_KEY,
      status: 'completed',
      steps: [
        orderStep({ lovelace: -(BATCHER_FEE + DEPOSIT + FEE), [T]: -40_000_000n }),
        fillStep({ lovelace: DEPOSIT + 15n * ADA }),
      ],
      fillUtxos: batch(
        { lovelace: BATCHER_FEE + DEPOSIT, [T]: 40_000_000n },
        { lovelace: 1_000_000n * ADA, [T]: 10_000_000_000_000n },
        { lovelace: 999_985n * ADA, [T]: 10_000_040_000_000n },
        { lovelace: DEPOSIT + 15n * ADA },
      ),
    };
    expect(fillExecution(sell)).toMatchObject({
      execution: { unit: T, lovelace: 15n * ADA, quantity: 40_000_000n, side: 'sell' },
    });
  });

  it('a refunded order (or one still open) yields no price', () => {
    const refunded = buy({
      status: 'refunded',
      steps: [buy().steps[0]!, fillStep({ lovelace: 102n * ADA }, 'swap_refund')],
    });
    expect(fillExecution(refunded)).toEqual({ skip: 'not_filled' });
    expect(fillExecution(buy({ status: 'open', steps: [buy().steps[0]!] }))).toEqual({ skip: 'not_filled' });
  });

  it('another order in the same batch moved the pool too: no exact share, no price', () => {
    const swap = buy();
    const utxos = swap.fillUtxos!;
    // The pool paid 300 T, 50 of them to someone else's order.
    const shared: TxUtxos = {
      ...utxos,
      outputs: [
        output(POOL, { lovelace: 1_000_120n * ADA, [T]: 10_000_000_000_000n - 300_000_000n, [NFT]: 1n }, 0),
        ...utxos.outputs.slice(1),
      ],
    };
    expect(fillExecution({ ...swap, fillUtxos: shared })).toEqual({ skip: 'shared_batch' });
  });

  it('token → token is a cross rate, skipped; no cached fill or no pool pair: skipped', () => {
    const swap = buy();
    const crossed = buy({
      steps: [
        { ...swap.steps[0]!, flows: flows({ lovelace: -(BATCHER_FEE + DEPOSIT + FEE), [U]: -5n }) },
        swap.steps[1]!,
      ],
    });
    expect(fillExecution(crossed)).toEqual({ skip: 'token_to_token' });
    expect(fillExecution(buy({ fillUtxos: null }))).toEqual({ skip: 'no_fill_utxos' });
    const noPool: TxUtxos = { ...swap.fillUtxos!, outputs: swap.fillUtxos!.outputs.slice(1) };
    expect(fillExecution(buy({ fillUtxos: noPool }))).toEqual({ skip: 'no_pool' });
  });
});

describe('fillPricePoints: daily token/ADA prices per whole token', () => {
  const fill = (over: Partial<FillExecution>): FillExecution => ({ ...BUY, ...over });

  it('one fill: its exact price (100 ADA / 250 whole tokens = 0.4), as an exact decimal', () => {
    const [p] = fillPricePoints([fill({})], new Map([[T, 6]]));
    expect({ ...p, price: p!.price.toFixed() }).toEqual({
      unit: T,
      currency: 'ADA',
      day: '2024-03-05',
      price: '0.4',
      source: 'fill',
    });
  });

  it('several fills of a day: Σ ADA / Σ tokens; the same fill seen twice counts once; decimals 0 and unknown', () => {
    const points = fillPricePoints(
      [
        fill({}),
        fill({}), // a second user tracking the same wallet
        fill({
          linkKey: 'ee'.repeat(32) + '#0',
          fillTxHash: 'ff'.repeat(32),
          lovelace: 1n * ADA,
          quantity: 3_000_000n,
        }),
        fill({ unit: U, fillTxHash: '11'.repeat(32), day: '2024-03-06', lovelace: 7n, quantity: 3n }),
      ],
      new Map<string, number | null>([
        [T, 6],
        [U, 0],
      ]),
    );
    expect(points.map((p) => [p.unit, p.day, p.price.toFixed()])).toEqual([
      // 101 ADA / 253 T, rounded half-even at the table's 30 places
      [T, '2024-03-05', '0.399209486166007905138339920949'],
      [U, '2024-03-06', '0.000002333333333333333333333333'],
    ]);
    expect(fillPricePoints([fill({})], new Map())).toEqual([]);
  });
});
