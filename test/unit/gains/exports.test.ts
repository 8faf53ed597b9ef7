import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { CostBasisRecordRow } from '../../../src/db/repositories/cost-basis-records.js';
import { cointrackerCsv } from '../../../src/gains/exports/cointracker-csv.js';
import type { ExportContext } from '../../../src/gains/exports/export-context.js';
import { FORM_8949_HEADER, form8949Csv } from '../../../src/gains/exports/form-8949-csv.js';
import { koinlyCsv } from '../../../src/gains/exports/koinly-csv.js';
import { LEDGER_HEADER, ledgerCsv } from '../../../src/gains/exports/ledger-csv.js';
import { computeCostBasis, type CostBasisEvent } from '../../../src/domain/cost-basis/index.js';
import { builder, inTx, settings } from '../domain/cost-basis/support.js';
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

/**
 * A worked history for the capital-gains and ledger exports (FIFO, USD): 100 ADA bought for $50 on
 * 10 Jan 2024 and 100 ADA for $80 on 1 Jun 2024; 150 ADA sold for $120.30 on 1 Mar 2025 (the first
 * lot whole, held over a year: long, cost $50, proceeds 100/150 × 120.30 = $80.20, gain $30.20; half
 * the second: short, cost $40, proceeds $40.10, gain $0.10); 3.00 EVIL (300 base units, 2 decimals)
 * sold for $7.004 with no known lot (missing basis: cost 0, gain 7.004); a swap of 10 ADA for 2.50
 * EVIL at $9.123456789 (cost 10/50 × 40 = $8); 5 ADA of rewards with no price.
 */
function workedHistory() {
  const b = builder();
  const events: CostBasisEvent[] = [
    ...inTx('tx-buy-1', b.acquire('2024-01-10', 'lovelace', 100_000_000, '50')),
    ...inTx('tx-buy-2', b.acquire('2024-06-01', 'lovelace', 100_000_000, '80')),
    ...inTx('tx-sell', b.dispose('2025-03-01', 'lovelace', 150_000_000, '120.30')),
    ...inTx('tx-evil', b.dispose('2025-04-02', TOKEN, 300, '7.004')),
    ...inTx('tx-swap', b.swap('2025-05-01', 'lovelace', 10_000_000, TOKEN, 250, '9.123456789')),
    b.income('2025-05-02', 'lovelace', 5_000_000, null),
    ...inTx('tx-other', b.acquire('2025-05-03', 'lovelace', 1_000_000, '1', 'w2')),
  ];
  const result = computeCostBasis(events, settings('fifo'));
  const tx = new Map(events.map((e) => [e.id, e.txId ?? null]));
  const exportCtx = {
    ...ctx,
    tokens: new Map([[TOKEN, { unit: TOKEN, name: 'Evil', ticker: 'EVIL', decimals: 2 }]]),
    txOf: (id: string) => tx.get(id) ?? null,
  };
  return { events, result, exportCtx };
}

const lines = (chunks: Iterable<string>) => {
  const text = [...chunks].join('');
  expect(text.endsWith('\r\n')).toBe(true);
  return text.slice(0, -2).split('\r\n');
};

/** The CSV is the header (as written out, and as the exported constant), then exactly `body`. */
function expectCsv(chunks: Iterable<string>, headerConst: readonly string[], header: string, body: string[]) {
  const rows = lines(chunks);
  expect(rows[0]).toBe(header);
  expect(rows[0]!.split(',')).toEqual([...headerConst]);
  expect(rows.slice(1)).toEqual(body);
}

describe('Form 8949 and ledger exports, every column', () => {
  it('8949: header, then one row per disposal row: description, dates, cents, term, flags, tx hash', () => {
    const { result, exportCtx } = workedHistory();
    expectCsv(
      form8949Csv(result.disposals, exportCtx),
      FORM_8949_HEADER,
      'Description of property,Date acquired,Date sold or disposed of,Proceeds,Cost or other basis,' +
        'Gain or (loss),Term,Flags,TxHash',
      [
        '50 ADA,06/01/2024,03/01/2025,40.10,40.00,0.10,short,,tx-sell',
        '100 ADA,01/10/2024,03/01/2025,80.20,50.00,30.20,long,,tx-sell',
        '3 EVIL,,04/02/2025,7.00,0.00,7.00,short,missing_basis,tx-evil',
        '10 ADA,06/01/2024,05/01/2025,9.12,8.00,1.12,short,swap,tx-swap',
      ],
    );
  });

  it('8949 under a pooled method: VARIOUS acquisition dates, term n/a', () => {
    const { events, exportCtx } = workedHistory();
    const average = computeCostBasis(events, settings('average'));
    // Pool: 200 ADA for $130; 150 ADA take 150/200 × 130 = $97.50.
    expect(lines(form8949Csv(average.disposals, exportCtx))[1]).toBe(
      '150 ADA,VARIOUS,03/01/2025,120.30,97.50,22.80,n/a,,tx-sell',
    );
  });

  it('ledger: header, then every in-scope event with its value and what the engine made of it', () => {
    const { events, result, exportCtx } = workedHistory();
    const missingPrice = new Set(
      result.warnings.filter((w) => w.kind === 'missing_price').map((w) => w.eventId),
    );
    expectCsv(
      ledgerCsv(events, result.disposals, {
        ...exportCtx,
        missingPrice,
        inScope: (e) => e.walletId === 'w1',
      }),
      LEDGER_HEADER,
      'date,event,tx_hash,wallet,unit,ticker,quantity,bought_unit,bought_quantity,value,proceeds,cost,gain,flags',
      [
        '2024-01-10T12:00:00.000Z,acquire,tx-buy-1,w1,lovelace,ADA,100,,,50,,,,',
        '2024-06-01T12:00:00.000Z,acquire,tx-buy-2,w1,lovelace,ADA,100,,,80,,,,',
        // The two rows of the sale summed: proceeds 40.10 + 80.20, cost 40 + 50, gain 0.10 + 30.20.
        '2025-03-01T12:00:00.000Z,dispose,tx-sell,w1,lovelace,ADA,150,,,120.3,120.3,90,30.3,',
        `2025-04-02T12:00:00.000Z,dispose,tx-evil,w1,${TOKEN},EVIL,3,,,7.004,7.004,0,7.004,missing_basis`,
        // Money to 8 places: 9.123456789 → 9.12345679.
        `2025-05-01T12:00:00.000Z,swap,tx-swap,w1,lovelace,ADA,10,${TOKEN},2.5,9.12345679,9.12345679,8,1.12345679,swap`,
        '2025-05-02T12:00:00.000Z,income,,w1,lovelace,ADA,5,,,,,,,missing_price',
      ],
    );
  });
});
