import { describe, expect, it } from 'vitest';
import type { GainsDisposal, GainsReport, UserSettings } from '../../web/src/api/types.js';
import { gainsByTx } from '../../web/src/gains/by-tx.js';
import { signOf, sumDecimals } from '../../web/src/gains/decimal.js';
import {
  acquiredText,
  formatGain,
  formatQuantity,
  gainClass,
  gainsTokenLabel,
} from '../../web/src/gains/format.js';
import {
  DEFAULT_COST_BASIS,
  differsFromSaved,
  effectiveSettings,
  settingsPatch,
  toGainsQuery,
} from '../../web/src/gains/query.js';
import { taxYearLabel, taxYearOf, yearOptions } from '../../web/src/gains/years.js';

/** The Gains page's pure modules: exact sums, per-transaction gains, tax years, the query, formatting. */

const disposal = (
  txHash: string | null,
  gain: string,
  extra: Partial<GainsDisposal> = {},
): GainsDisposal => ({
  eventId: `${txHash}:0`,
  txHash,
  walletId: 'w1',
  walletAddress: 'addr1',
  unit: 'lovelace',
  ticker: 'ADA',
  name: 'Cardano',
  quantity: '1',
  dateAcquired: '2024-01-01T00:00:00.000Z',
  dateSold: '2024-03-01T00:00:00.000Z',
  proceeds: '1',
  cost: '0',
  gain,
  term: 'short',
  flags: [],
  ...extra,
});

const report = (patch: Partial<GainsReport> = {}): GainsReport => ({
  method: 'fifo',
  currency: 'USD',
  taxYearStart: '1-1',
  rewardPolicy: 'when_earned',
  feePolicy: 'add_to_basis',
  period: { year: null, from: null, to: null },
  disposals: [],
  realized: {
    proceeds: '0',
    cost: '0',
    gain: '0',
    shortTermGain: '0',
    longTermGain: '0',
    byToken: [],
    byYear: [],
  },
  unrealized: { cost: '0', value: '0', gain: '0', unpriced: 0, byToken: [] },
  income: { total: '0', byYear: [], rows: [] },
  warnings: [],
  counts: { missingBasis: 0, missingPrice: 0, events: 0 },
  ...patch,
});

describe('exact decimal sums', () => {
  it('adds decimal texts of any scale without floats', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['250', '-100.5', '0.000001'])).toBe('149.500001');
    expect(sumDecimals(['-1', '1'])).toBe('0');
    expect(sumDecimals(['-0.25', '0.05'])).toBe('-0.2');
    expect(sumDecimals(['99999999999999999999.99', '0.01'])).toBe('100000000000000000000');
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['abc', '2'])).toBe('2');
  });

  it('reads the sign', () => {
    expect([signOf('1.5'), signOf('-0.01'), signOf('0.000'), signOf(null), signOf('x')]).toEqual([
      1, -1, 0, 0, 0,
    ]);
  });
});

describe('gains per transaction (for the history rows)', () => {
  it('sums every disposal of a transaction, skips rewards', () => {
    const byTx = gainsByTx([
      disposal('aa', '250'),
      disposal('bb', '600.10', { term: 'long' }),
      disposal('bb', '-0.1', { term: 'short' }),
      disposal(null, '5'),
    ]);
    expect([...byTx]).toEqual([
      ['aa', '250'],
      ['bb', '600'],
    ]);
  });
});

describe('tax years', () => {
  it('labels a tax year by the calendar year it starts in', () => {
    expect(taxYearOf('2024-04-05T23:59:59.000Z', '4-6')).toBe(2023);
    expect(taxYearOf('2024-04-06T00:00:00.000Z', '4-6')).toBe(2024);
    expect(taxYearOf('2024-12-31T23:59:59.000Z', '1-1')).toBe(2024);
    expect(taxYearOf('2025-06-30T12:00:00.000Z', '7-1')).toBe(2024);
    expect(taxYearOf('2025-10-01T00:00:00.000Z', '10-1')).toBe(2025);
    expect(taxYearOf('nope', '1-1')).toBeNull();
  });

  it('shows a range for a non-calendar tax year', () => {
    expect(taxYearLabel(2024, '1-1')).toBe('2024');
    expect(taxYearLabel(2024, '4-6')).toBe('6 Apr 2024 – 5 Apr 2025');
    expect(taxYearLabel(2024, '7-1')).toBe('1 Jul 2024 – 30 Jun 2025');
  });

  it('lists the years with data, keeps known ones, adds the current one, newest first', () => {
    const r = report({
      disposals: [disposal('aa', '1', { dateSold: '2022-05-01T00:00:00.000Z' })],
      realized: { ...report().realized, byYear: [{ year: 2023, proceeds: '1', cost: '0', gain: '1' }] },
      income: { total: '1', byYear: [{ year: 2021, count: 1, value: '1' }], rows: [] },
      warnings: [
        {
          kind: 'missing_price',
          eventId: 'e',
          txHash: null,
          walletAddress: 'stake1',
          time: '2020-02-01T00:00:00.000Z',
          unit: 'lovelace',
          ticker: 'ADA',
          quantity: '1',
        },
      ],
    });
    const now = new Date('2026-02-01T00:00:00.000Z');
    expect(yearOptions(r, [2019], now)).toEqual([2026, 2023, 2022, 2021, 2020, 2019]);
    expect(yearOptions(undefined, [2019, 2024], now)).toEqual([2024, 2019]);
  });
});

describe('the gains query and the settings shown', () => {
  it('sends only what was chosen (the rest takes the saved settings)', () => {
    expect(toGainsQuery({ year: null, currency: 'USD' })).toEqual({ currency: 'USD' });
    expect(
      toGainsQuery({
        year: 2024,
        currency: 'EUR',
        method: 'lifo',
        feePolicy: 'disposal',
        taxYearStart: '4-6',
      }),
    ).toEqual({ currency: 'EUR', year: 2024, method: 'lifo', feePolicy: 'disposal' });
    expect(toGainsQuery({ year: null, currency: 'USD', walletId: 'w1' })).toEqual({
      currency: 'USD',
      walletIds: 'w1',
    });
    expect(toGainsQuery({ year: null, currency: 'USD', walletId: '' })).toEqual({ currency: 'USD' });
  });

  it('shows the choice, else the report, else the saved settings, else the defaults', () => {
    const settings = {
      costBasis: {
        method: 'hifo',
        taxYearStart: '4-6',
        rewardPolicy: 'when_withdrawn',
        feePolicy: 'disposal',
      },
    } as UserSettings;
    expect(effectiveSettings({ year: null, currency: 'USD' }, undefined, undefined)).toEqual(
      DEFAULT_COST_BASIS,
    );
    expect(effectiveSettings({ year: null, currency: 'USD' }, undefined, settings).method).toBe('hifo');
    expect(
      effectiveSettings({ year: null, currency: 'USD' }, report({ method: 'uk' }), settings).method,
    ).toBe('uk');
    const shown = effectiveSettings({ year: null, currency: 'USD', method: 'lifo' }, report(), settings);
    expect(shown).toEqual({
      method: 'lifo',
      taxYearStart: '1-1',
      rewardPolicy: 'when_earned',
      feePolicy: 'add_to_basis',
    });
    expect(differsFromSaved(shown, settings)).toBe(true);
    expect(differsFromSaved(settings.costBasis!, settings)).toBe(false);
    expect(differsFromSaved(DEFAULT_COST_BASIS, undefined)).toBe(false);
    expect(settingsPatch(shown)).toEqual({
      costBasisMethod: 'lifo',
      rewardPolicy: 'when_earned',
      feePolicy: 'add_to_basis',
      taxYearStart: '1-1',
    });
  });
});

describe('gains formatting', () => {
  it('signs gains, colours them, and never shows + on a zero', () => {
    expect(formatGain('250', 'USD')).toBe('+$250.00');
    expect(formatGain('-100.5', 'USD')).toBe('−$100.50');
    expect(formatGain('0', 'USD')).toBe('$0.00');
    expect(formatGain('0.001', 'USD')).toBe('$0.00');
    expect(formatGain('1234.565', 'ADA')).toBe('+₳1,234.57');
    expect(formatGain(null, 'USD')).toBe('—');
    expect([gainClass('1'), gainClass('-1'), gainClass('0'), gainClass(null)]).toEqual([
      'pos',
      'neg',
      '',
      '',
    ]);
  });

  it('groups quantities, says various or — for the acquisition date, labels tokens', () => {
    expect(formatQuantity('1234567.000001')).toBe('1,234,567.000001');
    expect(formatQuantity('-1000')).toBe('-1,000');
    expect(formatQuantity('n/a')).toBe('n/a');
    expect(acquiredText('various')).toBe('various');
    expect(acquiredText(null)).toBe('—');
    expect(acquiredText('2024-01-10T12:00:00.000Z')).toMatch(/2024/);
    expect(gainsTokenLabel({ unit: 'lovelace', ticker: null })).toBe('ADA');
    expect(gainsTokenLabel({ unit: 'ab'.repeat(30), ticker: 'TOK' })).toBe('TOK');
    expect(gainsTokenLabel({ unit: 'ab'.repeat(30), ticker: null, name: 'Token' })).toBe('Token');
    expect(gainsTokenLabel({ unit: 'ab'.repeat(30), ticker: null })).toBe('abababab…ababab');
  });
});
