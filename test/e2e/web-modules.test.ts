import CSL from '@emurgo/cardano-serialization-lib-nodejs';
import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from '../../web/src/api/api-error.js';
import { historyValues } from '../../web/src/api/history.js';
import { addressHexToBech32, utf8ToHex } from '../../web/src/auth/cip30.js';
import { formatAda, formatUnits, percentOf, toBigInt } from '../../web/src/format/amounts.js';
import { dayEndExclusiveIso, dayStartIso } from '../../web/src/format/dates.js';
import { compareTokens, tokenLabel } from '../../web/src/format/tokens.js';
import { parseEvent } from '../../web/src/realtime/realtime-client.js';

/** The dashboard's pure modules (no browser needed): amounts, addresses, tokens, events, errors. */

describe('amount formatting (BigInt only)', () => {
  it('applies decimals exactly, far beyond float precision', () => {
    expect(formatAda('1500000')).toBe('1.5');
    expect(formatAda('1')).toBe('0.000001');
    expect(formatAda('-2670026')).toBe('-2.670026');
    expect(formatAda('45000000000000000')).toBe('45,000,000,000');
    // 2^64 − 1 base units with 6 decimals: a float would print 18446744073709.552.
    expect(formatUnits('18446744073709551615', 6)).toBe('18,446,744,073,709.551615');
    expect(formatUnits('123456789012345678901234567890', 0)).toBe('123,456,789,012,345,678,901,234,567,890');
    expect(formatUnits('5', 8)).toBe('0.00000005');
  });

  it('signs, truncates and pads on request', () => {
    expect(formatAda('10000029', { signed: true })).toBe('+10.000029');
    expect(formatAda('0', { signed: true })).toBe('0');
    expect(formatAda('1571769871', { maxFractionDigits: 2 })).toBe('1,571.76');
    expect(formatAda('-400', { maxFractionDigits: 2 })).toBe('0');
    expect(formatAda('2000000', { minFractionDigits: 2 })).toBe('2.00');
    expect(formatUnits('1234567', 3, { groupSeparator: ' ' })).toBe('1 234.567');
  });

  it('parses only integers', () => {
    expect(toBigInt('-12')).toBe(-12n);
    expect(toBigInt('1.5')).toBeNull();
    expect(toBigInt('1e6')).toBeNull();
    expect(toBigInt(2 ** 60)).toBeNull();
    expect(formatUnits('abc', 6)).toBe('abc');
  });

  it('computes shares in integers', () => {
    expect(percentOf(1n, 3n)).toBe('33.3');
    expect(percentOf(2n, 3n)).toBe('66.7');
    expect(percentOf(1_071_769_870n, 1_571_769_871n)).toBe('68.2');
    expect(percentOf(5n, 0n)).toBe('0.0');
  });
});

describe('CIP-30 helpers', () => {
  it('turns the hex addresses wallets return into bech32 (payment and stake, mainnet and testnet)', () => {
    const pay = CSL.Credential.from_keyhash(CSL.PrivateKey.generate_ed25519().to_public().hash());
    const stake = CSL.Credential.from_keyhash(CSL.PrivateKey.generate_ed25519().to_public().hash());
    for (const address of [
      CSL.BaseAddress.new(1, pay, stake).to_address(),
      CSL.EnterpriseAddress.new(1, pay).to_address(),
      CSL.RewardAddress.new(1, stake).to_address(),
      CSL.BaseAddress.new(0, pay, stake).to_address(),
      CSL.RewardAddress.new(0, stake).to_address(),
    ]) {
      const hexBytes = Buffer.from(address.to_bytes()).toString('hex');
      expect(addressHexToBech32(hexBytes)).toBe(address.to_bech32());
    }
    expect(addressHexToBech32('stake1uxyz')).toBe('stake1uxyz');
    expect(() => addressHexToBech32('zz')).toThrow();
  });

  it('hex-encodes the challenge text as UTF-8', () => {
    expect(utf8ToHex('Nonce: é')).toBe(Buffer.from('Nonce: é', 'utf8').toString('hex'));
  });
});

describe('tokens, dates, events, errors', () => {
  it('labels tokens by ticker, name, or decoded asset name, ADA first', () => {
    const policy = 'a0028f350aaabe0545fdcb56b039bfb08e4bb4d8c4d7c3c7d481c235';
    const hosky = { unit: policy + '484f534b59', name: null, ticker: null, decimals: 0 };
    const cip68 = { unit: policy + '0014df10' + '4d494e', name: null, ticker: null, decimals: 0 };
    const binary = { unit: policy + '00ff', name: null, ticker: null, decimals: 0 };
    const min = { unit: policy + '00', name: 'Minswap', ticker: 'MIN', decimals: 6 };
    const ada = { unit: 'lovelace', name: 'Cardano', ticker: 'ADA', decimals: 6 };
    expect(tokenLabel(hosky)).toBe('HOSKY');
    expect(tokenLabel(cip68)).toBe('MIN');
    expect(tokenLabel(binary)).toBe(`${policy.slice(0, 8)}…${(policy + '00ff').slice(-6)}`);
    expect([min, hosky, ada].sort(compareTokens).map(tokenLabel)).toEqual(['ADA', 'HOSKY', 'MIN']);
  });

  it('turns date inputs into a UTC day range [from, to)', () => {
    expect(dayStartIso('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(dayEndExclusiveIso('2026-02-28')).toBe('2026-03-01T00:00:00.000Z');
    expect(dayStartIso('')).toBeUndefined();
  });

  it('accepts only the known event types with a payload', () => {
    const payload = { walletId: 'w', walletAddress: 'a', phase: 'p', done: 1, total: 2 };
    expect(parseEvent(JSON.stringify({ type: 'sync_progress', payload, publishedAt: 1 }))).toEqual({
      type: 'sync_progress',
      payload,
    });
    expect(parseEvent(JSON.stringify({ type: 'hello', payload: { userId: 'u' } }))).toBeNull();
    expect(parseEvent(JSON.stringify({ type: 'wallet_updated' }))).toBeNull();
    expect(parseEvent('not json')).toBeNull();
  });

  it("reads the API's error body", async () => {
    const body = { error: 'token_expired', message: 'token has expired', statusCode: 401, requestId: 'r' };
    const e = await toApiError(new Response(JSON.stringify(body), { status: 401 }));
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.message]).toEqual([401, 'token_expired', 'token has expired']);
    const missing = await toApiError(
      new Response(JSON.stringify({ error: 'not_found', message: 'no route GET /api/x', statusCode: 404 }), {
        status: 404,
      }),
    );
    expect(missing.isMissingRoute).toBe(true);
    const proxy = await toApiError(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    expect([proxy.code, proxy.message]).toEqual(['http_502', 'Bad Gateway']);
  });
});

describe('holdings history', () => {
  it('expands change points into a value per bucket, carrying values over quiet buckets', () => {
    const history = {
      interval: 'day' as const,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-05T00:00:00.000Z',
      tokens: [],
      buckets: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04', '2026-01-05'],
      series: [
        { unit: 'lovelace', at: [0, 3], amounts: ['10', '6.8'] },
        { unit: 'tok', at: [2], amounts: ['1.5'] },
      ],
    };
    expect(historyValues(history, 'lovelace').map((p) => p.amount)).toEqual(['10', '10', '10', '6.8', '6.8']);
    expect(historyValues(history, 'tok')).toEqual([
      { at: '2026-01-01', amount: '0' },
      { at: '2026-01-02', amount: '0' },
      { at: '2026-01-03', amount: '1.5' },
      { at: '2026-01-04', amount: '1.5' },
      { at: '2026-01-05', amount: '1.5' },
    ]);
    expect(historyValues(history, 'other').map((p) => p.amount)).toEqual(['0', '0', '0', '0', '0']);
  });
});
