import * as CSL from '@emurgo/cardano-serialization-lib-nodejs';
import { describe, expect, it } from 'vitest';
import {
  WalletSet,
  accountEventsFromCbor,
  decodeCbor,
  parseTransaction,
} from '../../../../src/domain/index.js';
import { addr, tx } from '../support/tx-builder.js';

// Transactions serialised by cardano-serialization-lib, read back by our CBOR reader.
const cred = (byte: string) => CSL.Credential.from_keyhash(CSL.Ed25519KeyHash.from_hex(byte.repeat(28)));
const POOL = CSL.Ed25519KeyHash.from_hex('0f'.repeat(28));

function txCbor(certs: CSL.Certificate[], withdrawals: [string, number][] = []): string {
  const inputs = CSL.TransactionInputs.new();
  inputs.add(CSL.TransactionInput.new(CSL.TransactionHash.from_hex('ab'.repeat(32)), 0));
  const outputs = CSL.TransactionOutputs.new();
  outputs.add(
    CSL.TransactionOutput.new(
      CSL.Address.from_bech32(addr.base('11', '33')),
      CSL.Value.new(CSL.BigNum.from_str('5000000')),
    ),
  );
  const body = CSL.TransactionBody.new_tx_body(inputs, outputs, CSL.BigNum.from_str('170000'));
  const list = CSL.Certificates.new();
  for (const c of certs) list.add(c);
  if (certs.length) body.set_certs(list);
  if (withdrawals.length) {
    const w = CSL.Withdrawals.new();
    for (const [byte, amount] of withdrawals)
      w.insert(CSL.RewardAddress.new(1, cred(byte)), CSL.BigNum.from_str(String(amount)));
    body.set_withdrawals(w);
  }
  return CSL.Transaction.new(body, CSL.TransactionWitnessSet.new()).to_hex();
}

describe('account events from transaction CBOR', () => {
  it('reads Shelley registration + delegation and withdrawals', () => {
    const hex = txCbor(
      [
        CSL.Certificate.new_stake_registration(CSL.StakeRegistration.new(cred('33'))),
        CSL.Certificate.new_stake_delegation(CSL.StakeDelegation.new(cred('33'), POOL)),
      ],
      [
        ['33', 730_065],
        ['44', 12],
      ],
    );
    expect(accountEventsFromCbor(hex)).toEqual([
      { kind: 'registration', stakeAddress: addr.stake('33') },
      { kind: 'delegation', stakeAddress: addr.stake('33'), poolId: expect.stringMatching(/^pool1/) },
      { kind: 'withdrawal', stakeAddress: addr.stake('33'), amount: '730065' },
      { kind: 'withdrawal', stakeAddress: addr.stake('44'), amount: '12' },
    ]);
  });

  it('reads Conway certificates with explicit deposits', () => {
    const hex = txCbor([
      CSL.Certificate.new_stake_registration(
        CSL.StakeRegistration.new_with_explicit_deposit(cred('33'), CSL.BigNum.from_str('2000000')),
      ),
      CSL.Certificate.new_stake_deregistration(
        CSL.StakeDeregistration.new_with_explicit_refund(cred('44'), CSL.BigNum.from_str('2000000')),
      ),
      CSL.Certificate.new_stake_registration_and_delegation(
        CSL.StakeRegistrationAndDelegation.new(cred('55'), POOL, CSL.BigNum.from_str('2000000')),
      ),
    ]);
    expect(accountEventsFromCbor(hex)).toEqual([
      { kind: 'registration', stakeAddress: addr.stake('33'), deposit: '2000000' },
      { kind: 'deregistration', stakeAddress: addr.stake('44'), deposit: '2000000' },
      { kind: 'registration', stakeAddress: addr.stake('55'), deposit: '2000000' },
      { kind: 'delegation', stakeAddress: addr.stake('55'), poolId: expect.stringMatching(/^pool1/) },
    ]);
  });

  it('garbage CBOR gives null, never throws', () => {
    expect(accountEventsFromCbor('zz')).toBeNull();
    expect(accountEventsFromCbor('83')).toBeNull();
    expect(() => decodeCbor(Buffer.from('8301', 'hex'))).toThrow(/end of input/);
  });

  it('the parse attributes the CBOR withdrawal to the right stake wallet, not to the fee payer', () => {
    // Our wallet '33' pays; the withdrawal in the body belongs to account '44' (also ours).
    const user = WalletSet.from([addr.stake('33'), addr.stake('44')]);
    const t = tx({
      inputs: [{ address: addr.base('11', '33'), lovelace: 5_000_000 }],
      outputs: [{ address: addr.base('11', '33'), lovelace: 5_830_000 }],
      fee: 170_000,
      withdrawals: 1,
    });
    t.cbor = txCbor([], [['44', 1_000_000]]);
    const records = parseTransaction(t, user);
    expect(records.map((r) => [r.walletAddress, r.action, r.withdrawal, r.fee])).toEqual([
      [addr.stake('33'), 'self_transfer', 0n, 170_000n],
      [addr.stake('44'), 'reward_withdrawal', 1_000_000n, 0n],
    ]);
  });
});
