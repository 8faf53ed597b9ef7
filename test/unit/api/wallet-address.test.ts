import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/api/errors.js';
import { parseWalletAddressInput } from '../../../src/api/wallet-address.js';

// CIP-19 test vectors (mainnet and testnet forms of the same credentials).
const BASE =
  'addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgse35a3x';
const ENTERPRISE = 'addr1vx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzers66hrl8';
const STAKE = 'stake1uyehkck0lajq8gr28t9uxnuvgcqrc6070x3k9r8048z8y5gh6ffgw';
const SCRIPT_BASE =
  'addr1z8phkx6acpnf78fuvxn0mkew3l0fd058hzquvz7w36x4gten0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgs9yc0hh';
const TESTNET =
  'addr_test1qz2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer3n0d3vllmyqwsx5wktcd8cc3sq835lu7drv2xwl2wywfgs68faae';

function failure(input: string): { status: number; code: string; reason: unknown } {
  try {
    parseWalletAddressInput(input);
  } catch (error) {
    const e = error as ApiError;
    return {
      status: e.statusCode,
      code: e.code,
      reason: (e.details as { reason?: string } | undefined)?.reason,
    };
  }
  throw new Error(`accepted ${input}`);
}

describe('parseWalletAddressInput (API mapping of the ledger core parser)', () => {
  it('accepts mainnet payment (base, enterprise, script) and stake addresses with their kind', () => {
    expect(parseWalletAddressInput(BASE)).toEqual({ address: BASE, kind: 'payment' });
    expect(parseWalletAddressInput(ENTERPRISE)).toEqual({ address: ENTERPRISE, kind: 'payment' });
    expect(parseWalletAddressInput(SCRIPT_BASE)).toEqual({ address: SCRIPT_BASE, kind: 'payment' });
    expect(parseWalletAddressInput(`  ${STAKE} `)).toEqual({ address: STAKE, kind: 'stake' });
  });

  it('answers 400 for a broken checksum or garbage and 422 for another network', () => {
    expect(failure(BASE.slice(0, -1) + 'z')).toEqual({
      status: 400,
      code: 'bad_request',
      reason: 'bad_checksum',
    });
    expect(failure('not an address')).toMatchObject({ status: 400, reason: 'garbage' });
    expect(failure('')).toMatchObject({ status: 400 });
    expect(failure(TESTNET)).toEqual({ status: 422, code: 'wrong_network', reason: 'wrong_network' });
    // Upper case is the same address (bech32 is case-insensitive) and is stored in lower case.
    expect(parseWalletAddressInput(BASE.toUpperCase())).toEqual({ address: BASE, kind: 'payment' });
    // This Byron-looking string is not a valid Byron address for the ledger core's parser: 400.
    expect(
      failure(
        'DdzFFzCqrhsjcfsReoiHddbHd8K7tu1DpJbqE9ERS8gUoc7ptsB3Bs8Ssys2LDAbzqt1GzmzAATsCqBzSXBGoxuAfnhBJYGqaGbS1n4B',
      ),
    ).toMatchObject({ status: 400 });
  });
});
