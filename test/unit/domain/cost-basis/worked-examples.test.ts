import { describe, expect, it } from 'vitest';
import { computeCostBasis, type CostBasisEvent } from '../../../../src/domain/cost-basis/index.js';
import { at, builder, settings, str } from './support.js';

const rows = (r: ReturnType<typeof computeCostBasis>) =>
  r.disposals.map((d) => ({
    q: d.quantity,
    proceeds: str(d.proceeds),
    cost: str(d.cost),
    gain: str(d.gain),
    term: d.term,
  }));

/** UK pooling in pounds, tax years from 6 April. */
const hmrc = (events: CostBasisEvent[]) =>
  computeCostBasis(events, settings('uk', { currency: 'gbp', taxYearStart: { month: 4, day: 6 } }));

describe('HMRC Cryptoassets Manual', () => {
  // CRYPTO22251 (pooling example 1, Victoria), as listed in BittyTax's HMRC test cases:
  // https://github.com/BittyTax/BittyTax/wiki/HMRC-Example-Test-Cases
  it('CRYPTO22251 Section 104 pool: 100 for £1,000 + 50 for £125,000, sell 50 for £300,000 → cost £42,000, gain £258,000', () => {
    const b = builder();
    const events = [
      b.acquire('2021-05-01', 'A', 100, 1000),
      b.acquire('2021-09-01', 'A', 50, 125000),
      b.dispose('2022-03-01', 'A', 50, 300000),
    ];
    const r = hmrc(events);
    expect(rows(r)).toEqual([{ q: 50n, proceeds: '300000', cost: '42000', gain: '258000', term: 'n/a' }]);
    expect(r.disposals[0]!.rules).toEqual(['section_104']);
    expect(r.lots).toMatchObject([{ unit: 'A', quantity: 100n }]);
    expect(str(r.lots[0]!.cost)).toBe('84000');
  });

  // https://www.gov.uk/hmrc-internal-manuals/cryptoassets-manual/crypto22252 ("example 2 - application of
  // the same day rule"). HMRC rounds to whole pounds: £938 cost, £462 gain, £62 into the pool, £562 pool.
  it('CRYPTO22252 same-day rule (Martyn): two disposals of one day matched to that day’s buy, the rest pooled', () => {
    const b = builder();
    const events = [
      b.acquire('2021-01-04', 'B', 5000, 500), // the section 104 pool: 5,000 token B for £500
      b.dispose('2021-06-23T08:00:00Z', 'B', 1000, 800), // morning
      b.acquire('2021-06-23T14:00:00Z', 'B', 1600, 1000), // afternoon
      b.dispose('2021-06-23T20:00:00Z', 'B', 500, 600), // evening
    ];
    const r = hmrc(events);
    // One disposal of 1,500 for £1,400 against £1,000 × 1,500 / 1,600 = £937.50, in two rows (one per
    // disposal event): 1,000 × £0.625 and 500 × £0.625.
    expect(rows(r)).toEqual([
      { q: 1000n, proceeds: '800', cost: '625', gain: '175', term: 'n/a' },
      { q: 500n, proceeds: '600', cost: '312.5', gain: '287.5', term: 'n/a' },
    ]);
    expect(r.disposals.map((d) => d.rules)).toEqual([['same_day'], ['same_day']]);
    expect([str(r.totals.proceeds), str(r.totals.cost), str(r.totals.gain)]).toEqual([
      '1400',
      '937.5',
      '462.5',
    ]);
    // The 100 unmatched token B join the pool with £1,000 × 100 / 1,600 = £62.50: 5,100 for £562.50.
    expect(r.lots.map((l) => [l.unit, l.quantity, str(l.cost)])).toEqual([['B', 5100n, '562.5']]);
  });

  // CRYPTO22255 ("the 30 day rule and a part disposal of the section 104 pool", Melanie), figures as in
  // the manual's text reproduced at https://vlex.co.uk/vid/chapter-crypto22255-869401414 (the manual page:
  // https://www.gov.uk/hmrc-internal-manuals/cryptoassets-manual/crypto22255).
  it('CRYPTO22255 30-day rule (Melanie): 500 bought 12 days later matched first, 3,500 from the pool → gain £92,500', () => {
    const b = builder();
    const events = [
      b.acquire('2021-02-01', 'E', 14000, 200000), // the pool: 14,000 token E for £200,000
      b.dispose('2021-08-30', 'E', 4000, 160000),
      b.acquire('2021-09-11', 'E', 500, 17500),
    ];
    const r = hmrc(events);
    // £160,000 − £17,500 (the 500 of 11/09) − £200,000 × 3,500 / 14,000 (£50,000) = £92,500.
    expect(rows(r)).toEqual([{ q: 4000n, proceeds: '160000', cost: '67500', gain: '92500', term: 'n/a' }]);
    expect(r.disposals[0]!.rules).toEqual(['bed_and_breakfast', 'section_104']);
    // What is left (our arithmetic): 10,500 token E with £150,000 of pooled cost; the 500 never join it.
    expect(r.lots.map((l) => [l.unit, l.quantity, str(l.cost)])).toEqual([['E', 10500n, '150000']]);
  });

  it('same-day rule (figures ours, built from the rule): same-day buy matched first, rest from the pool', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'A', 1000, 10000),
      b.acquire('2023-05-10T09:00:00Z', 'A', 100, 2000),
      b.dispose('2023-05-10T15:00:00Z', 'A', 300, 4500),
    ];
    const r = computeCostBasis(events, settings('uk'));
    expect(rows(r)).toEqual([{ q: 300n, proceeds: '4500', cost: '4000', gain: '500', term: 'n/a' }]);
    expect(r.disposals[0]!.rules).toEqual(['same_day', 'section_104']);
    expect(str(r.lots[0]!.cost)).toBe('8000');
  });

  it('same-day rule also matches a buy later the same day, averaging all of that day’s buys (figures ours)', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'A', 100, 100),
      b.dispose('2023-02-01T08:00:00Z', 'A', 50, 500),
      b.acquire('2023-02-01T10:00:00Z', 'A', 20, 100),
      b.acquire('2023-02-01T20:00:00Z', 'A', 20, 300),
    ];
    const r = computeCostBasis(events, settings('uk'));
    // 40 bought that day for 400 (10 each) match first; 10 from the pool at 1 each.
    expect(rows(r)).toEqual([{ q: 50n, proceeds: '500', cost: '410', gain: '90', term: 'n/a' }]);
    expect(r.lots.map((l) => [l.quantity, str(l.cost)])).toEqual([[90n, '90']]);
  });

  it('30-day (bed and breakfast) rule (figures ours, built from the rule): buys within 30 days match before the pool', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'A', 1000, 10000),
      b.dispose('2023-06-01', 'A', 500, 15000),
      b.acquire('2023-06-20', 'A', 200, 8000), // day 19: within 30 days
      b.acquire('2023-07-15', 'A', 100, 1000), // day 44: outside, joins the pool
      b.dispose('2023-09-01', 'A', 800, 16000),
    ];
    const r = computeCostBasis(events, settings('uk'));
    expect(rows(r)).toEqual([
      { q: 500n, proceeds: '15000', cost: '11000', gain: '4000', term: 'n/a' },
      { q: 800n, proceeds: '16000', cost: '8000', gain: '8000', term: 'n/a' },
    ]);
    expect(r.disposals[0]!.rules).toEqual(['bed_and_breakfast', 'section_104']);
    expect(r.lots).toEqual([]);
  });

  it('30 days exactly is inside the window, 31 days is not', () => {
    const b = builder();
    const base = [b.acquire('2023-01-01', 'A', 10, 10), b.dispose('2023-03-01', 'A', 1, 5)];
    const inside = computeCostBasis([...base, b.acquire('2023-03-31', 'A', 1, 4)], settings('uk'));
    expect(str(inside.disposals[0]!.cost)).toBe('4');
    const outside = computeCostBasis([...base, b.acquire('2023-04-01', 'A', 1, 4)], settings('uk'));
    expect(str(outside.disposals[0]!.cost)).toBe('1');
  });

  it('same-day matching of a later acquisition takes priority over an earlier disposal’s 30-day claim (figures ours)', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'A', 100, 1000),
      b.dispose('2023-03-01', 'A', 50, 1000),
      b.acquire('2023-03-06T09:00:00Z', 'A', 50, 1500),
      b.dispose('2023-03-06T10:00:00Z', 'A', 20, 700),
    ];
    const r = computeCostBasis(events, settings('uk'));
    expect(rows(r)).toEqual([
      { q: 50n, proceeds: '1000', cost: '1100', gain: '-100', term: 'n/a' }, // 30 via B&B (900) + 20 pool (200)
      { q: 20n, proceeds: '700', cost: '600', gain: '100', term: 'n/a' }, // same day
    ]);
    expect(r.lots.map((l) => [l.quantity, str(l.cost)])).toEqual([[80n, '800']]);
  });
});

describe('IRS-style lot identification (buy 1 @ $10,000, buy 1 @ $20,000, sell 1 @ $30,000)', () => {
  const b = builder();
  const events = [
    b.acquire('2022-01-10', 'BTC', 1, 10000),
    b.acquire('2023-06-01', 'BTC', 1, 20000),
    b.dispose('2023-12-01', 'BTC', 1, 30000),
  ];
  it('FIFO: the first coin, $20,000 long-term gain', () => {
    expect(rows(computeCostBasis(events, settings('fifo')))).toEqual([
      { q: 1n, proceeds: '30000', cost: '10000', gain: '20000', term: 'long' },
    ]);
  });
  it('LIFO: the second coin, $10,000 short-term gain', () => {
    expect(rows(computeCostBasis(events, settings('lifo')))).toEqual([
      { q: 1n, proceeds: '30000', cost: '20000', gain: '10000', term: 'short' },
    ]);
  });
  it('HIFO: the dearer coin, $10,000; average: $15,000 with no term', () => {
    expect(rows(computeCostBasis(events, settings('hifo')))[0]!.gain).toBe('10000');
    expect(rows(computeCostBasis(events, settings('average')))).toEqual([
      { q: 1n, proceeds: '30000', cost: '15000', gain: '15000', term: 'n/a' },
    ]);
  });
  it('a sale on the first anniversary is short-term, the day after is long-term', () => {
    const c = builder();
    const buy = c.acquire('2024-02-29', 'BTC', 2, 2);
    const onAnniversary = computeCostBasis([buy, c.dispose('2025-03-01', 'BTC', 1, 1)], settings('fifo'));
    expect(onAnniversary.disposals[0]!.term).toBe('short');
    const after = computeCostBasis([buy, c.dispose('2025-03-02', 'BTC', 1, 1)], settings('fifo'));
    expect(after.disposals[0]!.term).toBe('long');
  });
});

describe('rp2 / BittyTax-style cases (hand-checked)', () => {
  it('FIFO across partial lots over several sales', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'X', 10, 1000),
      b.acquire('2023-02-01', 'X', 5, 1000),
      b.dispose('2023-03-01', 'X', 4, 1200),
      b.dispose('2023-04-01', 'X', 8, 2000),
      b.dispose('2023-05-01', 'X', 3, 450),
    ];
    const r = computeCostBasis(events, settings('fifo'));
    expect(rows(r).map((x) => [x.q, x.cost, x.gain])).toEqual([
      [4n, '400', '800'],
      [8n, '1000', '1000'],
      [3n, '600', '-150'],
    ]);
    expect(r.disposals[1]!.dateAcquired).toBe('various');
    expect(r.disposals[1]!.acquiredRange).toEqual([at('2023-01-01'), at('2023-02-01')]);
    expect(str(r.totals.gain)).toBe('1650');
    expect(r.lots).toEqual([]);
  });

  it('HIFO takes the highest cost per unit first, whatever the order bought', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'X', 10, 1000), // 100 each
      b.acquire('2023-02-01', 'X', 5, 1000), // 200 each
      b.acquire('2023-03-01', 'X', 5, 750), // 150 each
      b.dispose('2023-04-01', 'X', 7, 1400),
      b.dispose('2023-04-02', 'X', 5, 500),
    ];
    const r = computeCostBasis(events, settings('hifo'));
    expect(rows(r).map((x) => [x.cost, x.gain])).toEqual([
      ['1300', '100'], // 5 × 200 + 2 × 150
      ['650', '-150'], // 3 × 150 + 2 × 100
    ]);
    expect(r.lots.map((l) => [l.quantity, str(l.cost)])).toEqual([[8n, '800']]);
  });

  it('average cost: the running weighted average, re-averaged after each purchase', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'X', 10, 1000),
      b.acquire('2023-02-01', 'X', 10, 3000), // avg 200
      b.dispose('2023-03-01', 'X', 5, 1500), // cost 1000
      b.acquire('2023-04-01', 'X', 5, 500), // pool 20 for 3500
      b.dispose('2023-05-01', 'X', 15, 3000), // cost 2625
    ];
    const r = computeCostBasis(events, settings('average'));
    expect(rows(r).map((x) => [x.cost, x.gain])).toEqual([
      ['1000', '500'],
      ['2625', '375'],
    ]);
    expect(str(r.lots[0]!.cost)).toBe('875');
  });

  it('average cost stays exact where a float would not (1/3 shares)', () => {
    const b = builder();
    const events = [
      b.acquire('2023-01-01', 'X', 3, 1),
      b.dispose('2023-02-01', 'X', 1, 1),
      b.dispose('2023-02-02', 'X', 1, 1),
      b.dispose('2023-02-03', 'X', 1, 1),
    ];
    const r = computeCostBasis(events, settings('average'));
    expect(str(r.totals.cost)).toBe('1');
    expect(str(r.totals.gain)).toBe('2');
  });
});
