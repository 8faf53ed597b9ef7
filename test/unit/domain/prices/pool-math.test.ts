import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { CborTagged, type CborValue } from '../../../../src/domain/cbor/cbor-decoder.js';
import { encodeCborHex } from '../../../../src/domain/cbor/cbor-encoder.js';
import {
  POOL_FORMULAS,
  PoolDatumError,
  poolPriceInAda,
  type PoolUtxo,
} from '../../../../src/domain/prices/pools/index.js';

// Plutus Data, built field by field to each DEX's published datum layout.
const constr = (i: number, fields: CborValue[]): CborTagged => new CborTagged(121n + BigInt(i), fields);
const b = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const POLICY = 'a0028f350aaabe0545fdcb56b039bfb08e4bb4d8c4d7c3c7d481c235';
const NAME = '484f534b59'; // HOSKY
const TOKEN = POLICY + NAME;
const ada = constr(0, [b(''), b('')]);
const tok = constr(0, [b(POLICY), b(NAME)]);
const utxo = (
  lovelace: bigint,
  token: bigint,
  datum: CborValue | null,
  extra: PoolUtxo['amount'] = [],
): PoolUtxo => ({
  amount: [
    { unit: 'lovelace', quantity: lovelace.toString() },
    { unit: TOKEN, quantity: token.toString() },
    ...extra,
  ],
  inline_datum: datum === null ? null : encodeCborHex(datum),
});

describe('pool reserves per DEX version', () => {
  it('Minswap V1: the amounts as they are', () => {
    const r = POOL_FORMULAS['minswap-v1'].reserves(utxo(1_000_000_000n, 4_000_000n, null), TOKEN);
    expect(r).toEqual({ lovelace: 1_000_000_000n, token: 4_000_000n });
  });

  it('Minswap V2: reserve_a/reserve_b of the datum, not the UTxO amounts (fees and min ADA excluded)', () => {
    const datum = constr(0, [
      constr(0, [constr(1, [b('aa'.repeat(28))])]), // stake credential (script)
      ada,
      tok,
      999n, // total_liquidity
      5_000_000_000n, // reserve_a (ADA)
      20_000_000n, // reserve_b (token)
      30n,
      30n,
      constr(1, []), // fee_sharing_numerator: None
      constr(0, []), // allow_dynamic_fee: False
    ]);
    const r = POOL_FORMULAS['minswap-v2'].reserves(utxo(5_004_500_000n, 20_000_000n, datum), TOKEN);
    expect(r).toEqual({ lovelace: 5_000_000_000n, token: 20_000_000n });
  });

  it('Minswap V2: token first in the datum still maps reserves to the right sides', () => {
    const datum = constr(0, [
      constr(0, []),
      tok,
      ada,
      1n,
      7n,
      9_000_000n,
      30n,
      30n,
      constr(1, []),
      constr(0, []),
    ]);
    expect(POOL_FORMULAS['minswap-v2'].reserves(utxo(9_100_000n, 7n, datum), TOKEN)).toEqual({
      lovelace: 9_000_000n,
      token: 7n,
    });
  });

  it('SundaeSwap V1: ADA minus the 2 ADA minimum', () => {
    const r = POOL_FORMULAS['sundaeswap-v1'].reserves(utxo(102_000_000n, 50n, null), TOKEN);
    expect(r).toEqual({ lovelace: 100_000_000n, token: 50n });
  });

  it('SundaeSwap V3: ADA minus protocol_fees (field 7)', () => {
    const datum = constr(0, [
      b('0123456789abcdef0123456789abcdef0123456789abcdef01234567'), // identifier
      [
        [b(''), b('')],
        [b(POLICY), b(NAME)],
      ],
      1_000n, // circulating_lp
      30n, // bid fees / 10,000
      30n, // ask fees / 10,000
      constr(1, []), // fee_manager: None
      0n, // market_open
      3_500_000n, // protocol_fees
    ]);
    const r = POOL_FORMULAS['sundaeswap-v3'].reserves(utxo(203_500_000n, 1_000n, datum), TOKEN);
    expect(r).toEqual({ lovelace: 200_000_000n, token: 1_000n });
  });

  it('WingRiders V1: amounts minus treasury_a / treasury_b (nested pool state)', () => {
    const datum = constr(0, [
      b('bb'.repeat(28)),
      constr(0, [constr(0, [ada, tok]), 1_700_000_000_000n, 4_000_000n, 25n]),
    ]);
    const r = POOL_FORMULAS['wingriders-v1'].reserves(utxo(304_000_000n, 1_025n, datum), TOKEN);
    expect(r).toEqual({ lovelace: 300_000_000n, token: 1_000n });
  });

  it('WingRiders V2: amounts minus treasury and project treasury, ADA also minus 3 ADA', () => {
    const datum = constr(0, [
      b('cc'.repeat(28)),
      b(''),
      b(''),
      b(POLICY),
      b(NAME),
      30n,
      5n,
      0n,
      0n,
      10_000n,
      2_000_000n,
      1_700_000_000_000n,
      1_000_000n, // treasury_a
      10n, // treasury_b
      500_000n, // project_treasury_a
      5n, // project_treasury_b
      0n,
      0n,
    ]);
    const r = POOL_FORMULAS['wingriders-v2'].reserves(utxo(104_500_000n, 1_015n, datum), TOKEN);
    expect(r).toEqual({ lovelace: 100_000_000n, token: 1_000n });
  });

  it('malformed or missing datums are PoolDatumError, never a zero', () => {
    const bad: PoolUtxo[] = [
      utxo(1n, 1n, null),
      { ...utxo(1n, 1n, null), inline_datum: 'zz' },
      { ...utxo(1n, 1n, null), inline_datum: 'd87980' }, // Constr 0 []
      { ...utxo(1n, 1n, null), inline_datum: 'd8799f' }, // truncated
      utxo(1n, 1n, constr(0, [constr(0, []), ada, ada, 1n, 1n, 1n])), // not this token's pool
    ];
    for (const u of bad) expect(() => POOL_FORMULAS['minswap-v2'].reserves(u, TOKEN)).toThrow(PoolDatumError);
    expect(() => POOL_FORMULAS['sundaeswap-v1'].reserves(utxo(2_000_000n, 5n, null), TOKEN)).toThrow(
      PoolDatumError,
    );
    expect(() => POOL_FORMULAS['minswap-v1'].reserves(utxo(5n, 0n, null), TOKEN)).toThrow(PoolDatumError);
  });
});

describe('poolPriceInAda', () => {
  it('is the price of one whole token, corrected for decimals, exactly', () => {
    // 5,000 ADA against 20 whole tokens of 6 decimals → 250 ADA per token.
    expect(poolPriceInAda({ lovelace: 5_000_000_000n, token: 20_000_000n }, 6).toString()).toBe('250');
    // 0 decimals: 20,000,000 tokens against 5,000 ADA → 0.00025 ADA per token.
    expect(poolPriceInAda({ lovelace: 5_000_000_000n, token: 20_000_000n }, 0).toString()).toBe('0.00025');
    // 8 decimals
    expect(
      poolPriceInAda({ lovelace: 3n, token: 7n }, 8).toSignificantDigits(20).equals(new Decimal(300).div(7)),
    ).toBe(true);
    const p = poolPriceInAda({ lovelace: 1n, token: 3n }, 0);
    expect(p.toFixed()).toBe('0.000000333333333333333333333333'); // 30 places, the price table's scale
  });

  it('rejects empty sides and impossible decimals', () => {
    expect(() => poolPriceInAda({ lovelace: 0n, token: 1n }, 6)).toThrow(PoolDatumError);
    expect(() => poolPriceInAda({ lovelace: 1n, token: 1n }, -1)).toThrow(PoolDatumError);
  });
});
