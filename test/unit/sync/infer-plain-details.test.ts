import { describe, expect, it } from 'vitest';
import { inferPlainDetails, MAX_PLAIN_FEE } from '../../../src/sync/infer-plain-details.js';
import type { TxUtxos } from '../../../src/domain/blockfrost-types.js';

const io = (lovelace: number, extra: Record<string, unknown> = {}) => ({
  address: 'addr1x',
  amount: [
    { unit: 'lovelace', quantity: String(lovelace) },
    { unit: 'ab'.repeat(28), quantity: '7' },
  ],
  tx_hash: 'h',
  output_index: 0,
  ...extra,
});
const tx = (inputs: ReturnType<typeof io>[], outputs: ReturnType<typeof io>[]) =>
  ({ hash: 'h', inputs, outputs }) as unknown as TxUtxos;

describe('inferPlainDetails', () => {
  it('reads the fee of a plain transaction from its balance gap (recorded mainnet send: fee 168,273)', () => {
    const d = inferPlainDetails(tx([io(25_737_997 + 5_168_273)], [io(5_000_000), io(25_737_997)]), 5405008);
    expect(d).toMatchObject({ fees: '168273', deposit: '0', valid_contract: true, withdrawal_count: 0 });
  });

  it('a stake-key deposit or a withdrawal moves the gap out of the fee range: details must be read', () => {
    // registration: fee 174,257 + deposit 2 ADA
    expect(inferPlainDetails(tx([io(10_000_000)], [io(10_000_000 - 2_174_257)]), 1)).toBeNull();
    // withdrawal of 0.73 ADA with fee 0.17 ADA: outputs exceed inputs
    expect(inferPlainDetails(tx([io(1_000_000)], [io(1_558_800)]), 1)).toBeNull();
    expect(
      inferPlainDetails(tx([io(1_000_000_000)], [io(1_000_000_000 - Number(MAX_PLAIN_FEE) - 1)]), 1),
    ).toBeNull();
  });

  it('collateral or reference inputs (scripts): details must be read', () => {
    expect(
      inferPlainDetails(tx([io(2_000_000), io(5_000_000, { collateral: true })], [io(1_800_000)]), 1),
    ).toBeNull();
    expect(
      inferPlainDetails(tx([io(2_000_000), io(5_000_000, { reference: true })], [io(1_800_000)]), 1),
    ).toBeNull();
    expect(
      inferPlainDetails(tx([io(2_000_000)], [io(1_800_000), io(100, { collateral: true })]), 1),
    ).toBeNull();
  });
});
