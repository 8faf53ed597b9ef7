import { describe, expect, it } from 'vitest';
import type { ReconciliationResult } from '../../../../src/db/repositories/wallet-repository.js';
import { previousAccountState } from '../../../../src/sync/stages/account-state.stage.js';

const account = { withdrawalsSum: '5000000', active: true, poolId: 'pool1abc', activeEpoch: 412 };
const reconciliation = (status: ReconciliationResult['status']): ReconciliationResult => ({
  status,
  computedLovelace: '1',
  chainLovelace: status === 'matched' ? '1' : '2',
  differenceLovelace: status === 'matched' ? '0' : '1',
  checkedAt: '2026-12-07T00:00:00.000Z',
  details: { kind: 'stake', account },
});

describe('previousAccountState: the stored state the next sync compares against', () => {
  it('is the stored account state after a matched reconciliation', () => {
    expect(previousAccountState({ reconciliation: reconciliation('matched') })).toEqual(account);
  });

  it('is not trusted after a mismatch (the state may be ahead of the records)', () => {
    expect(previousAccountState({ reconciliation: reconciliation('mismatch') })).toBeNull();
  });

  it('is null before any reconciliation or without a stored state', () => {
    expect(previousAccountState({ reconciliation: null })).toBeNull();
    expect(
      previousAccountState({ reconciliation: { ...reconciliation('matched'), details: { kind: 'stake' } } }),
    ).toBeNull();
  });
});
