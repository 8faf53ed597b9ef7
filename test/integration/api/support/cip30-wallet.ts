import CSL from '@emurgo/cardano-serialization-lib-nodejs';
import MS from '@emurgo/cardano-message-signing-nodejs';
import { randomBytes } from 'node:crypto';

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
  const addressBytes = CSL.Address.from_bech32(address).to_bytes();
  const protectedHeaders = MS.HeaderMap.new();
  protectedHeaders.set_algorithm_id(MS.Label.from_algorithm_id(MS.AlgorithmId.EdDSA));
  protectedHeaders.set_header(MS.Label.new_text('address'), MS.CBORValue.new_bytes(addressBytes));
  const headers = MS.Headers.new(MS.ProtectedHeaderMap.new(protectedHeaders), MS.HeaderMap.new());
  const builder = MS.COSESign1Builder.new(headers, Buffer.from(message, 'utf8'), false);
  const toSign = builder.make_data_to_sign().to_bytes();
  const coseSign1 = builder.build(privateKey.sign(toSign).to_bytes());

  const coseKey = MS.COSEKey.new(MS.Label.from_key_type(MS.KeyType.OKP));
  coseKey.set_algorithm_id(MS.Label.from_algorithm_id(MS.AlgorithmId.EdDSA));
  coseKey.set_header(
    MS.Label.new_int(MS.Int.new_negative(MS.BigNum.from_str('1'))),
    MS.CBORValue.new_int(MS.Int.new_i32(6)),
  );
  coseKey.set_header(
    MS.Label.new_int(MS.Int.new_negative(MS.BigNum.from_str('2'))),
    MS.CBORValue.new_bytes(privateKey.to_public().as_bytes()),
  );
  return {
    signature: Buffer.from(coseSign1.to_bytes()).toString('hex'),
    key: Buffer.from(coseKey.to_bytes()).toString('hex'),
  };
}
