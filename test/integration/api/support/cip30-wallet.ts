import CSL from '@emurgo/cardano-serialization-lib-nodejs';
import { randomBytes } from 'node:crypto';
import { cip8Sign } from '../../../support/cip8-sign.js';

/**
 * A test wallet with freshly generated keys that signs like a CIP-30 wallet's `signData`: COSE_Sign1
 * with the EdDSA algorithm and the `address` protected header, and a COSE_Key (OKP, crv 6, x at -2).
 */
export class TestWallet {
  readonly paymentKey: CSL.PrivateKey;
  readonly stakeKey: CSL.PrivateKey;
  readonly baseAddress: string;
  readonly enterpriseAddress: string;
  readonly stakeAddress: string;

  constructor() {
    this.paymentKey = CSL.PrivateKey.from_normal_bytes(randomBytes(32));
    this.stakeKey = CSL.PrivateKey.from_normal_bytes(randomBytes(32));
    const pay = CSL.Credential.from_keyhash(this.paymentKey.to_public().hash());
    const stake = CSL.Credential.from_keyhash(this.stakeKey.to_public().hash());
    this.baseAddress = CSL.BaseAddress.new(1, pay, stake).to_address().to_bech32();
    this.enterpriseAddress = CSL.EnterpriseAddress.new(1, pay).to_address().to_bech32();
    this.stakeAddress = CSL.RewardAddress.new(1, stake).to_address().to_bech32();
  }

  /** Signs `message` for `address` with the key of that address (payment key, or stake key for stake1…). */
  signData(
    address: string,
    message: string,
    opts: { key?: CSL.PrivateKey } = {},
  ): { signature: string; key: string } {
    const key = opts.key ?? (address.startsWith('stake') ? this.stakeKey : this.paymentKey);
    return signData(key, address, message);
  }
}

export function signData(
  privateKey: CSL.PrivateKey,
  address: string,
  message: string,
): { signature: string; key: string } {
  return cip8Sign(privateKey, CSL.Address.from_bech32(address).to_bytes(), Buffer.from(message, 'utf8'));
}
