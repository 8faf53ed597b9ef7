import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  COST_BASIS_METHODS,
  InvalidCostBasisSettingError,
  checkpointAt,
  computeCostBasis,
  gainsReport,
  isCheckpointUsable,
  normalizeEvents,
  parseCheckpoint,
  parseCostBasisMethod,
  parseCostBasisSettings,
  resumeFrom,
  serializeCheckpoint,
  taxYearOf,
  taxYearRange,
  type NormalizableRecord,
} from '../../../../src/domain/cost-basis/index.js';
import { randomEvents } from './random-events.js';
import { at, builder, inTx, plain, settings, str } from './support.js';

describe('settings', () => {
  it('names the accepted values when a method or policy is unknown', () => {
    expect(() => parseCostBasisMethod('lifoo')).toThrow(InvalidCostBasisSettingError);
    expect(() => parseCostBasisMethod('lifoo')).toThrow(/fifo, lifo, hifo, average, uk/);
    expect(() => parseCostBasisSettings({ feePolicy: 'x' })).toThrow(/add_to_basis, disposal/);
    expect(() => parseCostBasisSettings({ rewardPolicy: 1 })).toThrow(/when_earned, when_withdrawn/);
    expect(() => parseCostBasisSettings({ taxYearStart: '2-29' })).toThrow(/tax year start/);
    expect(parseCostBasisSettings({ method: 'uk', currency: 'GBP', taxYearStart: '4-6' })).toEqual({
      method: 'uk',
      currency: 'gbp',
      taxYearStart: { month: 4, day: 6 },
      rewardPolicy: 'when_earned',
      feePolicy: 'add_to_basis',
    });
    for (const m of COST_BASIS_METHODS) expect(parseCostBasisMethod(m)).toBe(m);
  });

  it('tax years: UK 6 April, US 1 January, AU 1 July, labelled by their starting year', () => {
    const uk = { month: 4, day: 6 };
    expect(taxYearOf(Date.parse('2025-04-05T23:59:59Z'), uk)).toBe(2024);
    expect(taxYearOf(Date.parse('2025-04-06T00:00:00Z'), uk)).toBe(2025);
    expect(taxYearRange(2024, uk)).toEqual({
      label: 2024,
      start: Date.UTC(2024, 3, 6),
      end: Date.UTC(2025, 3, 6),
    });
    expect(taxYearOf(Date.parse('2024-12-31T23:59:59Z'), { month: 1, day: 1 })).toBe(2024);
    expect(taxYearOf(Date.parse('2025-01-01T00:00:00Z'), { month: 1, day: 1 })).toBe(2025);
    const au = { month: 7, day: 1 };
    expect(taxYearOf(Date.parse('2025-06-30T12:00:00Z'), au)).toBe(2024);
    expect(taxYearRange(2024, au).end).toBe(Date.UTC(2025, 6, 1));
  });
});

describe('engine flags and policies', () => {
  it('a disposal beyond the lots takes zero basis for the rest and is flagged missing_basis', () => {
    const b = builder();
    const r = computeCostBasis(
      [b.acquire('2024-01-01', 'A', 5, 50), b.dispose('2024-02-01', 'A', 8, 80)],
      settings('fifo'),
    );
    expect(r.warnings).toEqual([
      {
        kind: 'missing_basis',
        eventId: 'e2',
        walletId: 'w1',
        time: at('2024-02-01'),
        unit: 'A',
        quantity: 3n,
      },
    ]);
    expect(r.disposals[0]).toMatchObject({ quantity: 8n, flags: ['missing_basis'] });
    expect([str(r.disposals[0]!.cost), str(r.disposals[0]!.gain)]).toEqual(['50', '30']);
    expect(r.lots).toEqual([]);
    expect(r.totals.missingBasis).toBe(1);
  });

  it('UK: a disposal beyond the Section 104 pool takes the whole pool, and the rest is flagged, not zero-cost silently', () => {
    const b = builder();
    // Pool: 100 A for £1,000. Sell 150 for £1,800: cost £1,000 (all the pool), 50 with no basis.
    const r = computeCostBasis(
      [b.acquire('2024-01-01', 'A', 100, 1000), b.dispose('2024-06-01', 'A', 150, 1800)],
      settings('uk', { currency: 'gbp' }),
    );
    expect(r.disposals).toHaveLength(1);
    expect(r.disposals[0]).toMatchObject({
      quantity: 150n,
      rules: ['section_104'],
      flags: ['missing_basis'],
    });
    expect([str(r.disposals[0]!.cost), str(r.disposals[0]!.gain)]).toEqual(['1000', '800']);
    expect(r.warnings).toMatchObject([{ kind: 'missing_basis', eventId: 'e2', unit: 'A', quantity: 50n }]);
    expect(r.lots).toEqual([]);
    expect(r.totals.missingBasis).toBe(1);
  });

  it('UK: units bought after a sale beyond the holdings are matched to it (30 days), and when sold they leave', () => {
    const b = builder();
    const r = computeCostBasis(
      [
        b.dispose('2024-01-01', 'A', 10, 100), // nothing known held
        b.acquire('2024-01-05', 'A', 10, 50), // matched to the sale above (30-day rule), not pooled
        b.dispose('2024-04-10', 'A', 10, 70), // the 10 held now: no basis left for them
      ],
      settings('uk'),
    );
    expect(r.disposals.map((d) => [d.eventId, d.rules, d.flags, str(d.cost), str(d.gain)])).toEqual([
      ['e1', ['bed_and_breakfast'], [], '50', '50'],
      ['e3', [], ['missing_basis'], '0', '70'],
    ]);
    // Everything bought was sold: no holding is left (the wallet used to keep the 10 at cost 0).
    expect(r.lots).toEqual([]);
  });

  it('a null value is flagged missing_price and counted as 0', () => {
    const b = builder();
    const r = computeCostBasis(
      [b.acquire('2024-01-01', 'A', 5, null), b.dispose('2024-02-01', 'A', 5, 20)],
      settings('fifo'),
    );
    expect(r.warnings.map((w) => [w.kind, w.eventId, w.quantity])).toEqual([['missing_price', 'e1', 5n]]);
    expect(str(r.totals.gain)).toBe('20');
    expect(r.totals.missingPrice).toBe(1);
  });

  it('add_to_basis: the fee goes onto the acquisition of its transaction, its ADA leaves without a gain', () => {
    const b = builder();
    const events = [
      b.acquire('2024-01-01', 'lovelace', 10_000_000, 5),
      ...inTx(
        't1',
        b.fee('2024-02-01', 1_000_000, '0.8'),
        b.swap('2024-02-01', 'lovelace', 4_000_000, 'A', 10, 4),
      ),
      b.dispose('2024-03-01', 'A', 10, 10),
    ];
    const r = computeCostBasis(events, settings('fifo'));
    expect(r.disposals.map((d) => [d.unit, str(d.proceeds), str(d.cost)])).toEqual([
      ['lovelace', '4', '2'], // 4 ADA sold at FMV 4, basis 0.5 each
      ['A', '10', '4.8'], // 4 + the fee's 0.8
    ]);
    expect(str(r.totals.feeBasisRemoved)).toBe('0.5');
    expect(r.lots.map((l) => [l.unit, l.quantity, str(l.cost)])).toEqual([['lovelace', 5_000_000n, '2.5']]);
  });

  it('add_to_basis reduces the proceeds of a transaction with only a disposal; disposal policy sells the fee ADA', () => {
    const b = builder();
    const events = [
      b.acquire('2024-01-01', 'lovelace', 10_000_000, 5),
      b.acquire('2024-01-01', 'A', 10, 10),
      ...inTx('t1', b.fee('2024-02-01', 1_000_000, '0.8'), b.dispose('2024-02-01', 'A', 10, 30)),
    ];
    const a = computeCostBasis(events, settings('fifo'));
    expect(a.disposals.map((d) => [d.unit, str(d.proceeds), str(d.cost)])).toEqual([['A', '29.2', '10']]);
    const d = computeCostBasis(events, settings('fifo', { feePolicy: 'disposal' }));
    expect(d.disposals.map((x) => [x.unit, str(x.proceeds), str(x.cost), x.flags])).toEqual([
      ['lovelace', '0.8', '0.5', ['fee']],
      ['A', '30', '10', []],
    ]);
  });

  it('a stake-key deposit keeps its basis and comes back with it; collateral loss is a zero-proceeds disposal', () => {
    const b = builder();
    const events = [
      b.acquire('2024-01-01', 'lovelace', 10_000_000, 10),
      b.deposit('2024-02-01', 2_000_000),
      b.loss('2024-03-01', 1_000_000),
      b.deposit('2024-04-01', 2_000_000, 'w1', 'deposit_refund'),
    ];
    const r = computeCostBasis(events, settings('fifo'));
    expect(r.disposals.map((d) => [str(d.proceeds), str(d.cost), d.flags])).toEqual([['0', '1', ['loss']]]);
    expect(r.lots.reduce((s, l) => s + l.quantity, 0n)).toBe(9_000_000n);
    expect(str(r.lots.reduce((s, l) => s.plus(l.cost), new Decimal(0)))).toBe('9');
  });

  it('a transfer between own wallets keeps date and cost (FIFO per wallet)', () => {
    const b = builder();
    const events = [
      b.acquire('2022-01-01', 'A', 10, 100, 'w1'),
      b.acquire('2023-06-01', 'A', 10, 500, 'w2'),
      b.transfer('2023-07-01', 'A', 10, 'w1', 'w2'),
      b.dispose('2023-08-01', 'A', 10, 1000, 'w2'),
    ];
    const r = computeCostBasis(events, settings('fifo'));
    expect(r.disposals.map((d) => [str(d.cost), d.term, d.dateAcquired])).toEqual([
      ['100', 'long', at('2022-01-01')],
    ]);
  });
});

describe('checkpoints', () => {
  it('survive JSON and resume to the same result', () => {
    const events = randomEvents(77, { n: 120, transfers: true, fees: true });
    for (const m of COST_BASIS_METHODS) {
      const st = settings(m);
      const json = JSON.stringify(serializeCheckpoint(checkpointAt(events, st, 70)));
      const cp = parseCheckpoint(JSON.parse(json));
      expect(plain(resumeFrom(cp, events, st))).toEqual(plain(computeCostBasis(events, st)));
    }
  });

  it('are refused for other settings or other events', () => {
    const events = randomEvents(78, { n: 40 });
    const cp = checkpointAt(events, settings('fifo'), 20);
    expect(() => resumeFrom(cp, events, settings('lifo'))).toThrow(/checkpoint was taken with fifo/);
    expect(() => resumeFrom(cp, events.slice(1), settings('fifo'))).toThrow(/checkpoint ends at/);
  });

  it('UK: usable only more than 30 days before the first changed event, and that is what keeps results exact', () => {
    const b = builder();
    const old = [b.acquire('2023-01-01', 'A', 100, 100), b.dispose('2023-03-01', 'A', 50, 500)];
    const added = b.acquire('2023-03-20', 'A', 50, 1000); // within 30 days: matches the earlier disposal
    const events = [...old, added];
    const st = settings('uk');
    const cp = checkpointAt(old, st, 2);
    expect(isCheckpointUsable(cp, added.time, st)).toBe(false);
    expect(isCheckpointUsable(cp, added.time, settings('fifo'))).toBe(false);
    expect(isCheckpointUsable(checkpointAt(old, settings('fifo'), 2), added.time, settings('fifo'))).toBe(
      true,
    );
    expect(plain(resumeFrom(cp, events, st))).not.toEqual(plain(computeCostBasis(events, st)));
    const late = { ...added, time: at('2023-04-05') };
    expect(isCheckpointUsable(cp, late.time, st)).toBe(true);
    expect(plain(resumeFrom(cp, [...old, late], st))).toEqual(plain(computeCostBasis([...old, late], st)));
  });
});

describe('gains report', () => {
  const b = builder();
  const events = [
    b.acquire('2023-05-01', 'A', 10, 100, 'w1'),
    b.income('2024-05-01', 'lovelace', 1_000_000, '0.4', 'w2'),
    b.dispose('2024-05-10', 'A', 4, 100, 'w1'),
    b.dispose('2025-05-10', 'A', 8, 100, 'w1'),
  ];
  const r = computeCostBasis(events, settings('fifo', { taxYearStart: { month: 4, day: 6 } }));
  it('filters by tax year and wallet, counts warnings, values open lots', () => {
    const y = gainsReport(r, {
      taxYear: 2024,
      currentPrice: (u) => (u === 'A' ? new Decimal(20) : new Decimal('0.5')),
    });
    expect([
      str(y.totals.proceeds),
      str(y.totals.cost),
      str(y.totals.gain),
      str(y.totals.longTermGain),
    ]).toEqual(['100', '40', '60', '60']);
    expect(y.income.byYear.map((x) => [x.year, str(x.value)])).toEqual([[2024, '0.4']]);
    expect(y.warnings).toMatchObject({ missingBasis: 0, missingPrice: 0 });
    expect(y.unrealized.map((u) => [u.unit, u.quantity, str(u.cost), str(u.value!)])).toEqual([
      ['lovelace', 1_000_000n, '0.4', '0.5'],
    ]);
    const next = gainsReport(r, { taxYear: 2025, walletId: 'w1' });
    expect(next.warnings.missingBasis).toBe(1);
    expect(next.income.rows).toEqual([]);
    expect(gainsReport(r, { walletId: 'w2', taxYear: 2025 }).totals.count).toBe(0);
  });
  it('a year with no events is an empty report', () => {
    const empty = gainsReport(r, { taxYear: 2019 });
    expect([
      empty.totals.count,
      str(empty.totals.gain),
      empty.income.rows.length,
      empty.warnings.missingBasis,
    ]).toEqual([0, '0', 0, 0]);
  });
});

describe('normalizer', () => {
  const A = 'stake1a';
  const B = 'addr1b';
  let n = 0;
  const seen = new Map<string, number>();
  const slot = (hash?: string) => {
    if (!hash) return ++n;
    if (!seen.has(hash)) seen.set(hash, ++n);
    return seen.get(hash)!;
  };
  const rec = (
    wallet: string,
    action: NormalizableRecord['action'],
    flows: Record<string, bigint>,
    more: Partial<NormalizableRecord> = {},
  ): NormalizableRecord => {
    const k = slot(more.txHash);
    return {
      walletAddress: wallet,
      txHash: more.txHash ?? `tx${k}`,
      blockTime: 1_700_000_000 + k * 100,
      txIndex: 0,
      action,
      flows: new Map(Object.entries(flows)),
      fee: 0n,
      deposit: 0n,
      withdrawal: 0n,
      failed: false,
      ...more,
    };
  };
  const NFT = 'ff'.repeat(28) + '01';
  const price = (unit: string) => (unit === 'lovelace' ? new Decimal('0.5') : null);

  it('maps records to events', () => {
    const records = [
      rec(A, 'receive', { lovelace: 10_000_000n }),
      rec(A, 'send', { lovelace: -5_170_000n }, { fee: 170_000n }),
      rec(A, 'internal_transfer', { lovelace: -3_170_000n }, { fee: 170_000n, txHash: 'itx' }),
      rec(B, 'internal_transfer', { lovelace: 3_000_000n }, { txHash: 'itx' }),
      rec(A, 'stake_registration', { lovelace: -2_170_000n }, { fee: 170_000n, deposit: 2_000_000n }),
      rec(A, 'reward_withdrawal', { lovelace: 4_830_000n }, { fee: 170_000n, withdrawal: 5_000_000n }),
      rec(A, 'nft_purchase', { lovelace: -50_170_000n, [NFT]: 1n }, { fee: 170_000n }),
      rec(A, 'collateral_loss', { lovelace: -5_000_000n }, { fee: 5_000_000n, failed: true }),
      rec(A, 'token_mint', { tok: 1000n, lovelace: -1_170_000n }, { fee: 170_000n }),
      rec(A, 'stake_deregistration', { lovelace: 1_830_000n }, { fee: 170_000n, deposit: -2_000_000n }),
    ];
    n = 0;
    const events = normalizeEvents({
      records,
      rewards: [
        { walletId: A, epoch: 400, amount: 3_000_000n, spendableAt: new Date((1_700_000_000 + 550) * 1000) },
      ],
      price: (u) => price(u),
      ownWallets: [A, B],
      rewardPolicy: 'when_earned',
    });
    expect(
      events.map((e) => [
        e.kind,
        e.unit === 'lovelace' ? 'ada' : e.unit,
        e.quantity,
        'value' in e && e.value ? str(e.value) : null,
      ]),
    ).toEqual([
      ['acquire', 'ada', 10_000_000n, '5'],
      ['fee', 'ada', 170_000n, '0.085'],
      ['dispose', 'ada', 5_000_000n, '2.5'],
      ['fee', 'ada', 170_000n, '0.085'],
      ['transfer', 'ada', 3_000_000n, null],
      ['fee', 'ada', 170_000n, '0.085'],
      ['deposit', 'ada', 2_000_000n, null],
      ['fee', 'ada', 170_000n, '0.085'], // the withdrawal: only its fee under when_earned
      ['income', 'ada', 3_000_000n, '1.5'], // the reward, when credited
      ['fee', 'ada', 170_000n, '0.085'],
      ['swap', 'ada', 50_000_000n, '25'],
      ['loss', 'ada', 5_000_000n, null],
      ['fee', 'ada', 170_000n, '0.085'],
      ['swap', 'ada', 1_000_000n, '0.5'], // minting cost 1 ADA: a swap ADA → token
      ['fee', 'ada', 170_000n, '0.085'],
      ['deposit_refund', 'ada', 2_000_000n, null],
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    const swap = events.find((e) => e.kind === 'swap')!;
    expect(swap).toMatchObject({ boughtUnit: NFT, boughtQuantity: 1n });
  });

  it('a mint without a price is an acquisition with a missing price; when_withdrawn makes the withdrawal income', () => {
    const events = normalizeEvents({
      records: [
        rec(A, 'token_mint', { tok: 1000n }),
        rec(A, 'reward_withdrawal', { lovelace: 5_000_000n }, { withdrawal: 5_000_000n }),
      ],
      rewards: [{ walletId: A, epoch: 1, amount: 1n, spendableAt: 0 }],
      price,
      ownWallets: [A],
      rewardPolicy: 'when_withdrawn',
    });
    expect(
      events.map((e) => [e.kind, e.quantity, 'value' in e ? (e.value ? str(e.value) : null) : 'n/a']),
    ).toEqual([
      ['acquire', 1000n, null],
      ['income', 5_000_000n, '2.5'],
    ]);
    const r = computeCostBasis(events, settings('fifo'));
    expect(r.warnings.map((w) => w.kind)).toEqual(['missing_price']);
  });

  describe('liquidity deposits and withdrawals through the engine (FIFO, add_to_basis)', () => {
    // 1000 ADA bought at $0.50 and 2000 TOK at $0.25; prices $0.60 / $0.30 when liquidity is added and
    // $0.70 / $0.35 when it is withdrawn; the LP token has no price.
    const T0 = 1_800_000_000;
    const ADD = (T0 + 1000) * 1000;
    const REMOVE = (T0 + 2000) * 1000;
    const lpPrice = (unit: string, time: number) => {
      const step = time < ADD ? 0 : time < REMOVE ? 1 : 2;
      if (unit === 'lovelace') return new Decimal(['0.5', '0.6', '0.7'][step]!);
      return unit === 'tok' ? new Decimal(['0.25', '0.3', '0.35'][step]!) : null;
    };
    // Built in the tests, not when the suite is collected (rec numbers the records it makes).
    const lpEvents = (...more: NormalizableRecord[]) =>
      normalizeEvents({
        records: [
          rec(A, 'receive', { lovelace: 1_000_000_000n }, { blockTime: T0, txHash: 'buy-ada' }),
          rec(A, 'receive', { tok: 2000n }, { blockTime: T0 + 100, txHash: 'buy-tok' }),
          ...more,
        ],
        price: lpPrice,
        ownWallets: [A],
        rewardPolicy: 'when_earned',
      });
    const summary = (r: ReturnType<typeof computeCostBasis>) => ({
      disposals: r.disposals.map((d) => [d.unit, d.quantity, str(d.proceeds), str(d.cost), str(d.gain)]),
      lots: r.lots.map((l) => [l.unit, l.walletId, l.quantity, str(l.cost)]),
    });

    it('a deposit swaps each token for its share of the LP token; a withdrawal swaps LP back, split by value', () => {
      const events = lpEvents(
        // 400 ADA + 800 TOK in ($240 + $240), 100 LP out; fee 0.17 ADA ($0.102).
        rec(
          A,
          'liquidity_add',
          { lovelace: -400_170_000n, tok: -800n, lp: 100n },
          { fee: 170_000n, blockTime: T0 + 1000, txHash: 'add' },
        ),
        // 100 LP in for 450 ADA ($315) + 700 TOK ($245); fee 0.17 ADA ($0.119).
        rec(
          A,
          'liquidity_remove',
          { lovelace: 449_830_000n, tok: 700n, lp: -100n },
          { fee: 170_000n, blockTime: T0 + 2000, txHash: 'remove' },
        ),
      );
      expect(
        events.map((e) => [
          e.txId,
          e.kind,
          e.unit,
          e.quantity,
          e.kind === 'swap' ? `${e.boughtUnit} ${e.boughtQuantity}` : '',
          'value' in e && e.value ? str(e.value) : null,
        ]),
      ).toEqual([
        ['buy-ada', 'acquire', 'lovelace', 1_000_000_000n, '', '500'],
        ['buy-tok', 'acquire', 'tok', 2000n, '', '500'],
        ['add', 'fee', 'lovelace', 170_000n, '', '0.102'],
        // The LP token split by the value each side put in: 240 / 480 of 100 LP each.
        ['add', 'swap', 'lovelace', 400_000_000n, 'lp 50', '240'],
        ['add', 'swap', 'tok', 800n, 'lp 50', '240'],
        ['remove', 'fee', 'lovelace', 170_000n, '', '0.119'],
        // The LP token split by what came back: floor(100 × 315 / 560) = 56 LP for the ADA, 44 for TOK.
        ['remove', 'swap', 'lp', 56n, 'lovelace 450000000', '315'],
        ['remove', 'swap', 'lp', 44n, 'tok 700', '245'],
      ]);
      const r = computeCostBasis(events, settings('fifo'));
      expect(summary(r)).toEqual({
        disposals: [
          // 400 of the 999.83 ADA left after the fee (cost 500 − 0.085 = 499.915): $200, gain $40.
          ['lovelace', 400_000_000n, '240', '200', '40'],
          // 800 of 2000 TOK for $500: $200.
          ['tok', 800n, '240', '200', '40'],
          // 56 LP: the first LP lot whole (50, cost 240 + the add's fee 0.102) + 6/50 of the second
          // (6/50 × 240 = 28.8): cost 268.902 against $315.
          ['lp', 56n, '315', '268.902', '46.098'],
          // The other 44 of the second LP lot: 44/50 × 240 = 211.2 against $245.
          ['lp', 44n, '245', '211.2', '33.8'],
        ],
        lots: [
          // 599.83 ADA at $0.50 less the second fee's 0.17 ADA ($0.085); 450 ADA for $315 + fee $0.119.
          ['lovelace', A, 599_660_000n, '299.83'],
          ['lovelace', A, 450_000_000n, '315.119'],
          ['tok', A, 1200n, '300'],
          ['tok', A, 700n, '245'],
        ],
      });
      expect(str(r.totals.gain)).toBe('159.898');
      expect(str(r.totals.feeBasisRemoved)).toBe('0.17');
      expect(r.warnings).toEqual([]);
    });

    it('a deposit placed as a DEX order: into escrow with its basis, the fill is the swap (batcher fee in the ADA sold)', () => {
      const events = lpEvents(
        // The order: 402 ADA (400 + a 2 ADA batcher deposit) and 800 TOK to the order script.
        rec(
          A,
          'liquidity_add',
          { lovelace: -402_170_000n, tok: -800n },
          { fee: 170_000n, blockTime: T0 + 1000, txHash: 'order', link: { key: 'order#0', role: 'order' } },
        ),
        // The fill: 100 LP and 0.5 ADA of the deposit back (the batcher kept 1.5 ADA).
        rec(
          A,
          'swap_fill',
          { lp: 100n, lovelace: 500_000n },
          { blockTime: T0 + 1100, txHash: 'fill', link: { key: 'order#0', role: 'fill' } },
        ),
      );
      expect(events.slice(2).map((e) => [e.txId, e.kind, e.unit, e.quantity])).toEqual([
        ['order', 'fee', 'lovelace', 170_000n],
        ['order', 'transfer', 'lovelace', 402_000_000n],
        ['order', 'transfer', 'tok', 800n],
        ['fill', 'transfer', 'lovelace', 402_000_000n],
        ['fill', 'transfer', 'tok', 800n],
        // 401.5 ADA ($240.90) and 800 TOK ($240) out, 100 LP in: floor(100 × 240.9 / 480.9) = 50 LP each side.
        ['fill', 'swap', 'lovelace', 401_500_000n],
        ['fill', 'swap', 'tok', 800n],
      ]);
      const r = computeCostBasis(events, settings('fifo'));
      expect(summary(r).disposals).toEqual([
        // 401.5 of 999.83 ADA (cost 499.915, $0.50 each): $200.75 against $240.90.
        ['lovelace', 401_500_000n, '240.9', '200.75', '40.15'],
        ['tok', 800n, '240', '200', '40'],
      ]);
      // What went into escrow and came back is kept as its own piece of the same lot (same date and
      // unit cost); per unit: 999.83 − 401.5 = 598.33 ADA at $0.50, the LP at the FMV given for it.
      const held = new Map<string, [bigint, Decimal]>();
      for (const l of r.lots) {
        const [q, c] = held.get(l.unit) ?? [0n, new Decimal(0)];
        held.set(l.unit, [q + l.quantity, c.plus(l.cost)]);
      }
      expect([...held].map(([u, [q, c]]) => `${u} ${q} for ${str(c)}`)).toEqual([
        'lovelace 598330000 for 299.165',
        'lp 100 for 480.9',
        'tok 1200 for 300',
      ]);
      // The order's fee had nothing in its transaction to attach to.
      expect(str(r.totals.unattachedFees)).toBe('0.102');
    });
  });

  it('a DEX order goes to escrow and its fill is the swap', () => {
    const events = normalizeEvents({
      records: [
        rec(
          A,
          'swap_order',
          { lovelace: -102_170_000n },
          { fee: 170_000n, link: { key: 'o#0', role: 'order' } },
        ),
        rec(A, 'swap_fill', { lovelace: 1_500_000n, tok: 500n }, { link: { key: 'o#0', role: 'fill' } }),
      ],
      price,
      ownWallets: [A],
      rewardPolicy: 'when_earned',
    });
    expect(events.map((e) => [e.kind, e.walletId, e.quantity])).toEqual([
      ['fee', A, 170_000n],
      ['transfer', A, 102_000_000n],
      ['transfer', 'order:o#0', 102_000_000n],
      ['swap', A, 100_500_000n],
    ]);
  });
});

describe('purity', () => {
  it('the cost-basis sources import nothing with I/O', () => {
    const dir = 'src/domain/cost-basis';
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(dir);
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const src = readFileSync(f, 'utf8');
      const specs = [...src.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      for (const s of specs) {
        expect(s, `${f} imports ${s}`).not.toMatch(
          /^(node:|fs$|path$|http|https|net$|child_process)|prisma|^pg$|ioredis|bullmq|fastify|\/db\//,
        );
        expect(s === 'decimal.js' || s.startsWith('.'), `${f} imports ${s}`).toBe(true);
      }
      expect(src).not.toMatch(/\bfetch\(|process\.env/);
    }
  });
});
