import { describe, expect, it } from 'vitest';
import { describeAction, type LinkedAction } from '../../../../src/domain/linking/link-actions.js';
import type { TokenInfo } from '../../../../src/domain/ledger/types.js';

const MIN = '29d222ce763455e3d7a09a665ce554f00ac89d2e99a1a83d267170c64d494e';
const TOKENS = new Map<string, TokenInfo>([[MIN, { ticker: 'MIN', decimals: 6 }]]);

const swap = (
  flows: Array<[string, bigint]>,
  status: LinkedAction['status'] = 'completed',
): LinkedAction => ({
  linkKey: 'a'.repeat(64) + '#0',
  walletAddress: 'addr1',
  actionType: 'swap_order',
  protocol: 'minswap',
  status,
  steps: [],
  flows: new Map(flows),
  startedAt: 0,
  completedAt: status === 'open' ? null : 1,
  description: '',
});

describe('describeAction', () => {
  it('names what was given and received', () => {
    const a = swap([
      ['lovelace', -102_200_000n],
      [MIN, 2_412_500_000n],
    ]);
    expect(describeAction(a, TOKENS)).toBe('Swapped 102.2 ADA for 2,412.5 MIN on Minswap');
  });

  it('a token → ADA swap whose ADA proceeds were below the fees reads as a swap for ADA with its net cost', () => {
    // Order: 10 MIN + 4.2 ADA out; fill: 3.4 ADA back (2 ADA deposit + 1.4 ADA proceeds).
    const a = swap([
      ['lovelace', -800_000n],
      [MIN, -10_000_000n],
    ]);
    expect(describeAction(a, TOKENS)).toBe('Swapped 10 MIN for ADA on Minswap (net −0.8 ADA after fees)');
  });

  it('a token → ADA swap that gained ADA names the ADA received', () => {
    const a = swap([
      ['lovelace', 25_000_000n],
      [MIN, -10_000_000n],
    ]);
    expect(describeAction(a, TOKENS)).toBe('Swapped 10 MIN for 25 ADA on Minswap');
  });

  it('open and refunded orders keep their wording', () => {
    expect(describeAction(swap([['lovelace', -5_000_000n]], 'open'), TOKENS)).toBe(
      'Order open on Minswap: 5 ADA in',
    );
    expect(describeAction(swap([['lovelace', -400_000n]], 'refunded'), TOKENS)).toBe(
      'Order refunded on Minswap (cost 0.4 ADA)',
    );
  });
});
