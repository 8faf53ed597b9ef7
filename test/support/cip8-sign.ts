import type CSL from '@emurgo/cardano-serialization-lib-nodejs';
import MS from '@emurgo/cardano-message-signing-nodejs';

/**
 * What a CIP-30 wallet's `signData` returns, made with the libraries real wallets use: a COSE_Sign1
 * (EdDSA, the `address` protected header, payload attached) and a COSE_Key (kty OKP, crv 6 at -1,
 * the public key at -2), both hex.
 */
export function cip8Sign(
  privateKey: CSL.PrivateKey,
  addressBytes: Uint8Array,
  payload: Uint8Array,
): { signature: string; key: string } {
  const protectedHeaders = MS.HeaderMap.new();
  protectedHeaders.set_algorithm_id(MS.Label.from_algorithm_id(MS.AlgorithmId.EdDSA));
  protectedHeaders.set_header(MS.Label.new_text('address'), MS.CBORValue.new_bytes(addressBytes));
  const headers = MS.Headers.new(MS.ProtectedHeaderMap.new(protectedHeaders), MS.HeaderMap.new());
  const builder = MS.COSESign1Builder.new(headers, payload, false);
  const coseSign1 = builder.build(privateKey.sign(builder.make_data_to_sign().to_bytes()).to_bytes());

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
