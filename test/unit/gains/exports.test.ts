import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { CostBasisRecordRow } from '../../../src/db/repositories/cost-basis-records.js';
import { cointrackerCsv } from '../../../src/gains/exports/cointracker-csv.js';
import type { ExportContext } from '../../../src/gains/exports/export-context.js';
import { koinlyCsv } from '../../../src/gains/exports/koinly-csv.js';
import { mergeByTime, rewardRows, transactionRows } from '../../../src/gains/exports/transaction-rows.js';

const TOKEN = 'aa'.repeat(28) + '4556494c';
const ctx: ExportContext = {
  currency: 'USD',
  // A token whose on-chain name is a spreadsheet formula.
  tokens: new Map([
    [TOKEN, { unit: TOKEN, name: '=HYPERLINK("http://x","y")', ticker: '@EVIL', decimals: 2 }],
  ]),
  valueAt: (unit, q) => (unit === 'lovelace' ? new Decimal(q.toString()).div(1e6).mul('0.5') : null),
};

function record(
  p: Partial<CostBasisRecordRow> & Pick<CostBasisRecordRow, 'walletAddress' | 'txHash'>,
): CostBasisRecordRow {
  return {
    blockHeight: 1,
    blockTime: 1_700_000_000,
    txIndex: 0,
    action: 'receive',
    protocol: null,
    description: null,
    netLovelace: 0n,
    fee: 0n,
    deposit: 0n,
    withdrawal: 0n,
    failed: false,
    flows: new Map(),
    ...p,
  };
}

const options = { wallets: null, rewardsKnown: new Set<string>(), rewardPolicy: 'when_earned' as const };

describe('transaction rows of the tax-tool exports', () => {
  it('a movement between two of the user’s wallets nets out: only its fee remains, as an internal fee row', () => {
    const rows = [
      ...transactionRows(
        [
          record({
            walletAddress: 'a',
            txHash: 't1',
            action: 'internal_transfer',
            fee: 200_000n,
            flows: new Map([['lovelace', -10_200_000n]]),
          }),
          record({
            walletAddress: 'b',
            txHash: 't1',
            action: 'internal_transfer',
            flows: new Map([['lovelace', 10_000_000n]]),
          }),
        ],
        options,
      ),
    ];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'internal_fee', sent: [], received: [], fee: 200_000n });
    // Koinly books it as a cost, so received − sent − fee is still the net change (−0.2 ADA).
    const csv = [...koinlyCsv(rows, ctx)];
    expect(csv[1]).toContain(',0.2,ADA,,,,,0.1,USD,cost,');
  });

  it('a swap sends one unit and receives another; the fee is its own column; received − sent − fee = net', () => {
    const [row] = [
      ...transactionRows(
        [
          record({
            walletAddress: 'a',
            txHash: 't2',
            action: 'swap_fill',
            fee: 300_000n,
            flows: new Map([
              ['lovelace', -50_300_000n],
              [TOKEN, 1234n],
            ]),
          }),
        ],
        options,
      ),
    ];
    expect(row).toMatchObject({
      sent: [['lovelace', 50_000_000n]],
      received: [[TOKEN, 1234n]],
      fee: 300_000n,
    });
  });

  it('escapes cells a spreadsheet would run (token names from chain metadata), not negative numbers', () => {
    const rows = [
      ...transactionRows(
        [
          record({
            walletAddress: 'a',
            txHash: 't3',
            description: '-1 buy',
            flows: new Map([[TOKEN, 500n]]),
          }),
        ],
        options,
      ),
    ];
    const koinly = [...koinlyCsv(rows, ctx)].join('');
    expect(koinly).toContain(`'@EVIL`);
    expect(koinly).not.toMatch(/,@EVIL/);
    const cointracker = [...cointrackerCsv(rows, ctx)].join('');
    expect(cointracker).toContain(`,5.00,'@EVIL,`.replace('5.00', '5'));
    // Without a ticker the name is the symbol, escaped and quoted (it holds quotes and a comma).
    const named: ExportContext = {
      ...ctx,
      tokens: new Map([
        [TOKEN, { unit: TOKEN, name: '=HYPERLINK("http://x","y")', ticker: null, decimals: 2 }],
      ]),
    };
    expect([...koinlyCsv(rows, named)].join('')).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('withdrawals: income when the rewards are unknown; a movement when stored rewards were income already', () => {
    const w = record({
      walletAddress: 's',
      txHash: 't4',
      action: 'reward_withdrawal',
      fee: 170_000n,
      withdrawal: 5_000_000n,
      flows: new Map([['lovelace', 4_830_000n]]),
    });
    const [unknown] = [...transactionRows([w], options)];
    expect(unknown).toMatchObject({ kind: 'reward', received: [['lovelace', 5_000_000n]], fee: 170_000n });
    const known = { ...options, rewardsKnown: new Set(['s']) };
    const [moved] = [...transactionRows([w], known)];
    expect(moved).toMatchObject({ kind: 'internal_fee', received: [], sent: [], fee: 170_000n });
    const rewards = [
      ...rewardRows(
        [{ walletAddress: 's', epoch: 500, amount: 2_000_000n, spendableAt: new Date(1_600_000_000_000) }],
        known,
      ),
    ];
    expect(rewards).toMatchObject([{ kind: 'reward', received: [['lovelace', 2_000_000n]], txHash: null }]);
    expect(mergeByTime([moved!], rewards).map((r) => r.kind)).toEqual(['reward', 'internal_fee']);
    expect([
      ...rewardRows([{ walletAddress: 's', epoch: 500, amount: 1n, spendableAt: new Date() }], {
        ...known,
        rewardPolicy: 'when_withdrawn',
      }),
    ]).toEqual([]);
  });
});
