import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { divHalfEven, pow10 } from '../../../../src/domain/cost-basis/fixed/bigint-round.js';
import { FixedMoney, scaleFor } from '../../../../src/domain/cost-basis/fixed/fixed-money.js';
import { rankOf, rankOfDecimal, rankToDecimal } from '../../../../src/domain/cost-basis/fixed/hifo-rank.js';
import { prng } from './random-events.js';

/** What FixedMoney must reproduce: a 60-digit half-even Decimal, shares rounded half-even to 18 places. */
const M = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
/** HIFO's order: the unit cost at 24 significant digits, half-even. */
const R = Decimal.clone({ precision: 24, rounding: Decimal.ROUND_HALF_EVEN });

function random(seed: number) {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  /** A positive bigint of 1 to `max` digits (lengths evenly spread, so huge and tiny both come up). */
  const big = (max: number): bigint =>
    BigInt(Array.from({ length: int(1, max) }, (_, i) => int(i === 0 ? 1 : 0, 9)).join(''));
  const signed = (max: number): bigint => (rnd() < 0.3 ? -big(max) : big(max));
  return { rnd, int, big, signed };
}

const dec = (units: bigint, scale: number) => new M(`${units}e-${scale}`);

describe('FixedMoney against a 60-digit half-even Decimal', () => {
  it('refuses a scale below the 18 share places', () => {
    expect(() => new FixedMoney(17)).toThrow(RangeError);
    expect(() => new FixedMoney(18.5)).toThrow(RangeError);
    expect(new FixedMoney(18).scale).toBe(18);
    expect(scaleFor([new Decimal('1.5'), new Decimal('0.0000000000000000000001')])).toBe(22);
    expect(scaleFor([new Decimal('1.5')], 3)).toBe(18);
  });

  it('converts Decimals in and out exactly, and refuses what it cannot hold', () => {
    const { int, signed } = random(11);
    for (let i = 0; i < 2000; i++) {
      const scale = int(18, 40);
      const fm = new FixedMoney(scale);
      const units = signed(80);
      const places = int(0, scale);
      const d = new Decimal(`${units}e-${places}`);
      const x = fm.fromDecimal(d);
      expect(x, `${d.toString()} at scale ${scale}`).toBe(units * pow10(scale - places));
      expect(fm.toDecimal(x).eq(d), `${d.toString()} at scale ${scale}`).toBe(true);
    }
    const fm = new FixedMoney(18);
    expect(fm.fromDecimal(new Decimal('-1.25'))).toBe(-1_250_000_000_000_000_000n);
    expect(fm.fromDecimal(new Decimal('1e-18'))).toBe(1n);
    expect(() => fm.fromDecimal(new Decimal('1e-19'))).toThrow(/more than 18 decimal places/);
    expect(() => fm.fromDecimal(new Decimal(NaN))).toThrow(RangeError);
    expect(() => fm.fromDecimal(new Decimal(Infinity))).toThrow(RangeError);
    expect(fm.toDecimal(0n).toString()).toBe('0');
  });

  it('add and sub are Decimal plus and minus, rounded to 60 significant digits only past them', () => {
    const { int, signed } = random(12);
    for (let i = 0; i < 3000; i++) {
      const scale = int(18, 30);
      const fm = new FixedMoney(scale);
      const a = signed(i % 3 === 0 ? 62 : 40);
      const b = signed(i % 2 === 0 ? 62 : 20);
      const where = `${a} ${b} at scale ${scale}`;
      expect(fm.toDecimal(fm.add(a, b)).toString(), where).toBe(dec(a, scale).plus(dec(b, scale)).toString());
      expect(fm.toDecimal(fm.sub(a, b)).toString(), where).toBe(
        dec(a, scale).minus(dec(b, scale)).toString(),
      );
    }
    // 61 digits: the last is rounded half to even, as Decimal does.
    const fm = new FixedMoney(18);
    const tie = 10n ** 60n + 5n; // 1000…0005 (61 digits) → 1000…000 (even), 1000…0015 → 1000…002
    expect(fm.add(tie, 0n)).toBe(10n ** 60n);
    expect(fm.add(tie + 10n, 0n)).toBe(10n ** 60n + 20n);
    expect(fm.sub(-tie, 0n)).toBe(-(10n ** 60n));
    expect(fm.add(10n ** 59n, 1n)).toBe(10n ** 59n + 1n);
  });

  /** money.ts's share written out: total × part (60 digits) ÷ whole (60 digits), then 18 places half-even. */
  const decimalShare = (total: Decimal, part: bigint, whole: bigint) =>
    part === whole
      ? total
      : part === 0n
        ? new M(0)
        : total.times(part.toString()).div(whole.toString()).toDecimalPlaces(18, Decimal.ROUND_HALF_EVEN);

  it('share is total × part ÷ whole rounded half-even to 18 places, Decimal step by step', () => {
    const { rnd, int, big, signed } = random(13);
    for (let i = 0; i < 4000; i++) {
      const scale = int(18, 26);
      const fm = new FixedMoney(scale);
      const total = signed(i % 4 === 0 ? 66 : 30);
      const whole = big(i % 5 === 0 ? 40 : 12);
      const part = rnd() < 0.1 ? whole : (whole * BigInt(int(0, 1_000_000))) / 1_000_000n;
      const got = fm.toDecimal(fm.share(total, part, whole)).toString();
      expect(got, `${total}e-${scale} × ${part} / ${whole}`).toBe(
        decimalShare(dec(total, scale), part, whole).toString(),
      );
    }
  });

  it('share rounds exact ties to even at the 18th place, for positive and negative totals', () => {
    const fm = new FixedMoney(18);
    // 5e-18 / 2 = 2.5e-18 → 2e-18; 15e-18 / 2 = 7.5e-18 → 8e-18; 3e-18 × 1/2 → 2e-18.
    expect(fm.share(5n, 1n, 2n)).toBe(2n);
    expect(fm.share(15n, 1n, 2n)).toBe(8n);
    expect(fm.share(3n, 1n, 2n)).toBe(2n);
    expect(fm.share(-5n, 1n, 2n)).toBe(-2n);
    expect(fm.share(-15n, 1n, 2n)).toBe(-8n);
    // At scale 20 a share keeps 18 places: 1.25e-18 → 1e-18 (units of 1e-20: 125 → 100), 1.35e-18 → 1.4e-18.
    const fine = new FixedMoney(20);
    expect(fine.share(250n, 1n, 2n)).toBe(100n);
    expect(fine.share(270n, 1n, 2n)).toBe(100n);
    expect(fine.share(350n, 1n, 2n)).toBe(200n);
    expect(fm.share(7n, 0n, 3n)).toBe(0n);
    expect(fm.share(7n, 3n, 3n)).toBe(7n);
    expect(fm.share(7n, 3n, 0n)).toBe(0n);
  });

  it('share follows Decimal where its 60-digit quotient lands on a tie the exact quotient is not on', () => {
    // total = (2m + 1)·w + 1 units, whole = 2w: the exact quotient is m + ½ + 1/(2w) units (rounds up),
    // but with w ~ 10^50 the 1/(2w) is past Decimal's 60 digits, so Decimal sees m + ½ (even m: down).
    const { big } = random(14);
    const fm = new FixedMoney(18);
    let differs = 0;
    for (let i = 0; i < 300; i++) {
      const m = big(12) * 2n;
      const w = 10n ** 50n + big(20);
      const total = (2n * m + 1n) * w + 1n;
      const got = fm.share(total, 1n, 2n * w);
      expect(fm.toDecimal(got).toString()).toBe(decimalShare(dec(total, 18), 1n, 2n * w).toString());
      if (got !== divHalfEven(total, 2n * w)) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });
});

describe('HIFO rank keys against 24-digit Decimal unit costs', () => {
  const unitCost = (cost: bigint, quantity: bigint, scale: number) =>
    new R(`${cost}e-${scale}`).div(quantity.toString());
  const sign = (x: bigint | number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

  /** Costs and quantities of many sizes, including 25–26-digit quotients that round, tie or carry. */
  function cases(seed: number, n: number): Array<[bigint, bigint, number]> {
    const { rnd, int, big, signed } = random(seed);
    const out: Array<[bigint, bigint, number]> = [];
    for (let i = 0; i < n; i++) {
      const scale = int(18, 30);
      const r = rnd();
      if (r < 0.1) out.push([0n, big(10), scale]);
      else if (r < 0.2)
        out.push([10n ** 25n - BigInt(int(0, 9)), 1n, scale]); // 25 nines-ish: carries
      else if (r < 0.3)
        out.push([big(24) * 10n + 5n, 1n, scale]); // a tie at the 25th digit
      else if (r < 0.4) {
        const q = big(8);
        out.push([(big(23) * 10n + 5n) * q + (rnd() < 0.5 ? 1n : 0n), q * 10n, scale]); // near-ties
      } else out.push([signed(60), big(30), scale]);
    }
    return out;
  }

  it('a rank stands for the unit cost rounded half-even to 24 digits, both ways', () => {
    for (const [cost, quantity, scale] of cases(21, 3000)) {
      const want = unitCost(cost, quantity, scale);
      const rank = rankOf(cost, quantity, scale);
      const where = `${cost}e-${scale} / ${quantity}`;
      expect(rankToDecimal(rank).toString(), where).toBe(want.toString());
      expect(rankOfDecimal(want), where).toBe(rank);
    }
    expect(rankOf(0n, 5n, 18)).toBe(0n);
    expect(rankOf(5n, 0n, 18)).toBe(0n);
    expect(rankToDecimal(rankOf(10n ** 25n - 1n, 1n, 0)).toString()).toBe('1e+25');
    // 25 digits ending in 5: to the even 24-digit neighbour.
    expect(rankToDecimal(rankOf(10n ** 24n + 5n, 1n, 0)).toString()).toBe('1e+24');
    expect(rankToDecimal(rankOf(10n ** 24n + 15n, 1n, 0)).toString()).toBe('1.00000000000000000000002e+24');
    // Just above a tie (a remainder past the 25th digit) rounds up; the exact tie goes to even.
    expect(rankToDecimal(rankOf(10n ** 25n + 51n, 10n, 0)).toString()).toBe('1.00000000000000000000001e+24');
    expect(rankToDecimal(rankOf(10n ** 25n + 50n, 10n, 0)).toString()).toBe('1e+24');
  });

  it('ranks order exactly like the unit costs they stand for (ties equal)', () => {
    const all = cases(22, 800);
    const ranked = all.map(([c, q, s]) => ({ rank: rankOf(c, q, s), cost: unitCost(c, q, s), c, q, s }));
    for (let i = 0; i < ranked.length; i++)
      for (let j = i + 1; j < Math.min(ranked.length, i + 40); j++) {
        const a = ranked[i]!;
        const b = ranked[j]!;
        expect(sign(a.rank - b.rank), `${a.c}e-${a.s}/${a.q} vs ${b.c}e-${b.s}/${b.q}`).toBe(
          a.cost.cmp(b.cost),
        );
      }
    // Negative unit costs rank below zero and below each other by size; exponents order before mantissas.
    const ordered = [
      rankOf(-2n, 1n, 0),
      rankOf(-1n, 1n, 0),
      rankOf(0n, 1n, 0),
      rankOf(1n, 10n ** 30n, 18),
      rankOf(9n, 1n, 18),
      rankOf(1n, 1n, 17),
      rankOf(1n, 3n, 0),
      rankOf(2n, 3n, 0),
    ];
    expect([...ordered].sort((a, b) => sign(a - b))).toEqual(ordered);
  });
});
