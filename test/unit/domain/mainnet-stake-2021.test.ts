import { describe, expect, it } from 'vitest';
import { WalletSet, needsDetails, parseTransaction, type WalletRecord } from '../../../src/domain/index.js';
import { loadStakeFixture } from './support/fixture.js';

const fixture = loadStakeFixture();
const wallets = WalletSet.from([fixture.stakeAddress]);
const records = fixture.transactions.flatMap((tx) => parseTransaction(tx, wallets));
const byHash = new Map<string, WalletRecord>(records.map((r) => [r.txHash, r]));

describe('real mainnet stake account (2021 recording)', () => {
  it('makes exactly one record per transaction of the account', () => {
    expect(records).toHaveLength(fixture.expected.txHashes.length);
    for (const r of records) expect(r.walletAddress).toBe(fixture.stakeAddress);
  });

  it('reproduces every transaction net change from expected.json', () => {
    for (const [hash, net] of Object.entries(fixture.expected.txNetLovelace)) {
      expect(byHash.get(hash)!.netLovelace, hash).toBe(BigInt(net));
      expect(byHash.get(hash)!.flows.get('lovelace') ?? 0n).toBe(BigInt(net));
    }
  });

  it('reconciles: Σ net + withdrawable rewards = controlled amount, to the lovelace', () => {
    const sum = records.reduce((s, r) => s + r.netLovelace, 0n);
    expect(sum).toBe(27_256_514n);
    expect(sum + BigInt(fixture.expected.account.withdrawable_amount)).toBe(
      BigInt(fixture.expected.account.controlled_amount),
    );
    expect(sum + BigInt(fixture.expected.account.withdrawable_amount)).toBe(27_629_378n);
  });

  it('shows the 2 ADA deposit on the transaction that registers the stake key and delegates', () => {
    const reg = byHash.get('2d9de1f11cf6fd077132ad76ac5037dbaf5ad948e004b1716c5da5439cfe30f9')!;
    expect(reg.action).toBe('stake_registration');
    expect(reg.deposit).toBe(2_000_000n);
    expect(reg.fee).toBe(174_257n);
    expect(reg.netLovelace).toBe(-(reg.fee + reg.deposit));
    expect(reg.description).toBe('Registered stake key (deposit 2 ADA) and delegated');
  });

  it("the reward withdrawal equals the account's withdrawals_sum", () => {
    const w = records.filter((r) => r.withdrawal > 0n);
    expect(w).toHaveLength(1);
    expect(w[0]!.txHash).toBe('d958d03328c778a3162ffa4bd346a132177eb24c3ffdefe8bff0ec45de79e397');
    expect(w[0]!.action).toBe('reward_withdrawal');
    expect(w[0]!.withdrawal).toBe(BigInt(fixture.expected.account.withdrawals_sum));
    expect(w[0]!.withdrawal).toBe(730_065n);
    expect(w[0]!.netLovelace + w[0]!.fee).toBe(730_065n);
  });

  it('categorises the plain payments and counts each fee once', () => {
    const actions = Object.fromEntries(records.map((r) => [r.txHash.slice(0, 6), r.action]));
    expect(actions).toEqual({
      '3774d5': 'receive',
      '2d9de1': 'stake_registration',
      d9a8ae: 'send',
      '96a4ed': 'receive',
      f77df4: 'send',
      d958d0: 'reward_withdrawal',
    });
    // Incoming transactions: someone else paid the fee.
    expect(byHash.get('3774d5458f95a6d833e9284245a648ad9eedf141819a74a4f139af20f00c7e0f')!.fee).toBe(0n);
    expect(byHash.get('96a4ed36f2f117ba0096b7f3c8f28b6dbca0846cbb15662f90fa7b0b08fc7529')!.flows).toEqual(
      new Map([
        ['lovelace', 1_518_517n],
        ['2f712364ec46f0cf707d412106ce71ef3370f76e27fb56b6bb14708776657465726e696b4e657a6a6564656e79', 1n],
      ]),
    );
    expect(byHash.get('d9a8ae2194e2e25e8079a04a4694e2679464a4f51512863a0008a35a85762ff0')!.description).toBe(
      'Sent 5.168273 ADA (fee 0.168273 ADA)',
    );
  });

  it('needs /txs/{h} only where the account supplied an input', () => {
    const needs = Object.fromEntries(
      fixture.transactions.map((t) => [t.hash.slice(0, 6), needsDetails(t.utxos, wallets)]),
    );
    expect(needs).toEqual({
      '3774d5': false,
      '2d9de1': true,
      d9a8ae: true,
      '96a4ed': false,
      f77df4: true,
      d958d0: true,
    });
  });

  it('parses incoming-only transactions without details to the same figures (fee 0, deposit 0)', () => {
    for (const tx of fixture.transactions) {
      if (needsDetails(tx.utxos, wallets)) continue;
      const [withDetails] = parseTransaction(tx, wallets);
      const { details: _omit, ...bare } = tx;
      const [without] = parseTransaction(bare, wallets);
      expect(without).toEqual(withDetails);
    }
  });
});
