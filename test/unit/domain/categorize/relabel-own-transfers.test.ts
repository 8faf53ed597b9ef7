import { describe, expect, it } from 'vitest';
import { relabelOwnTransfers } from '../../../../src/domain/categorize/relabel-own-transfers.js';
import { WalletSet } from '../../../../src/domain/index.js';
import { addr, tx } from '../support/tx-builder.js';

const A = addr.base('11', '33');
const B = addr.base('12', '34');
const OTHER = addr.base('77', '78');
const move = tx({
  inputs: [{ address: A, lovelace: 30_000_000 }],
  outputs: [
    { address: B, lovelace: 20_000_000 },
    { address: A, lovelace: 9_800_000 },
  ],
  fee: 200_000,
});
const txs = new Map([[move.hash, move]]);
const both = WalletSet.from([addr.stake('33'), addr.stake('34')]);
const aOnly = WalletSet.from([addr.stake('33')]);
const stakeA = addr.stake('33');

describe('relabelOwnTransfers', () => {
  it('turns a send to a wallet linked since into an internal transfer, and back once it is gone', () => {
    const linked = relabelOwnTransfers(
      [{ walletAddress: stakeA, txHash: move.hash, action: 'send' }],
      txs,
      both,
    );
    expect(linked).toEqual([
      expect.objectContaining({
        walletAddress: stakeA,
        action: 'internal_transfer',
        description: expect.stringContaining('another of your wallets'),
      }),
    ]);
    const removed = relabelOwnTransfers(
      [{ walletAddress: stakeA, txHash: move.hash, action: 'internal_transfer' }],
      txs,
      aOnly,
    );
    expect(removed.map((r) => r.action)).toEqual(['send']);
  });

  it('leaves labels the wallet set does not decide, unchanged labels and uncached transactions alone', () => {
    expect(
      relabelOwnTransfers([{ walletAddress: stakeA, txHash: move.hash, action: 'swap_fill' }], txs, both),
    ).toEqual([]);
    expect(
      relabelOwnTransfers(
        [{ walletAddress: stakeA, txHash: move.hash, action: 'internal_transfer' }],
        txs,
        both,
      ),
    ).toEqual([]);
    expect(
      relabelOwnTransfers([{ walletAddress: stakeA, txHash: 'ff'.repeat(32), action: 'send' }], txs, both),
    ).toEqual([]);
    const external = tx({
      inputs: [{ address: A, lovelace: 30_000_000 }],
      outputs: [{ address: OTHER, lovelace: 29_800_000 }],
      fee: 200_000,
    });
    expect(
      relabelOwnTransfers(
        [{ walletAddress: stakeA, txHash: external.hash, action: 'send' }],
        new Map([[external.hash, external]]),
        both,
      ),
    ).toEqual([]);
  });
});
