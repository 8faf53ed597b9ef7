import * as verifierModule from '@cardano-foundation/cardano-verify-datasignature';

type VerifyFn = (signature: string, key: string, message?: string, address?: string) => boolean;
// The package is a UMD bundle whose typings declare an ES default export; under Node's ESM interop the
// function itself arrives as `default`, so resolve it once here.
const verifySignature: VerifyFn =
  (verifierModule as unknown as { default: VerifyFn & { default?: VerifyFn } }).default.default ??
  (verifierModule as unknown as { default: VerifyFn }).default;

/** The text a wallet signs for a challenge; rebuilt on verification from the request's nonce and address. */
export function challengeMessage(address: string, nonce: string): string {
  return `Sign in to Adafolio\n\nAddress: ${address}\nNonce: ${nonce}`;
}

export type SignatureCheck = 'ok' | 'invalid_signature' | 'key_does_not_match_address';

/**
 * Checks a CIP-30 `signData` result (COSE_Sign1 + COSE_Key, hex CBOR) with the Cardano Foundation's
 * CIP-8 verifier: first that the signature over the message is valid for the key, then that the key's
 * hash is the address's payment (or stake) credential. Never throws: malformed CBOR is an invalid signature.
 */
export function checkCip30Signature(input: {
  signature: string;
  key: string;
  message: string;
  address: string;
}): SignatureCheck {
  try {
    if (!verifySignature(input.signature, input.key, input.message)) return 'invalid_signature';
  } catch {
    return 'invalid_signature';
  }
  try {
    return verifySignature(input.signature, input.key, input.message, input.address)
      ? 'ok'
      : 'key_does_not_match_address';
  } catch {
    return 'key_does_not_match_address';
  }
}
