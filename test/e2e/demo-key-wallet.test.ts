import CSL from '@emurgo/cardano-serialization-lib-nodejs';
import * as verifierModule from '@cardano-foundation/cardano-verify-datasignature';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blake2b } from '../../web/src/auth/demo-key/blake2b.js';
import { encodeCbor, CborMap } from '../../web/src/auth/demo-key/cbor.js';
import {
  enterpriseAddress,
  hex,
  loadOrCreateDemoKey,
  signDataWithDemoKey,
} from '../../web/src/auth/demo-key/demo-key-wallet.js';

/**
 * The dashboard's demo key wallet (WebCrypto Ed25519 + its own BLAKE2b and CBOR) checked against the
 * references: Node's BLAKE2b-512, CSL's key hashes and addresses, and the Cardano Foundation's CIP-8
 * verifier the API uses. Runs in Node, whose WebCrypto has Ed25519 like the browsers.
 */

type VerifyFn = (signature: string, key: string, message?: string, address?: string) => boolean;
const verify: VerifyFn =
  (verifierModule as unknown as { default: VerifyFn & { default?: VerifyFn } }).default.default ??
  (verifierModule as unknown as { default: VerifyFn }).default;

class MemoryStorage {
  private readonly map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

describe('demo key wallet primitives', () => {
  it('BLAKE2b-512 matches node:crypto for lengths around the block size', () => {
    for (const n of [0, 1, 3, 32, 127, 128, 129, 255, 256, 300]) {
      const input = randomBytes(n);
      expect(hex(blake2b(input, 64))).toBe(createHash('blake2b512').update(input).digest('hex'));
    }
  });

  it('BLAKE2b-224 of a public key is its Cardano key hash, and the enterprise address matches CSL', () => {
    for (let i = 0; i < 5; i++) {
      const pub = CSL.PrivateKey.generate_ed25519().to_public();
      const hash = pub.hash();
      expect(hex(blake2b(pub.as_bytes(), 28))).toBe(Buffer.from(hash.to_bytes()).toString('hex'));
      const expected = CSL.EnterpriseAddress.new(1, CSL.Credential.from_keyhash(hash))
        .to_address()
        .to_bech32();
      expect(enterpriseAddress(pub.as_bytes()).bech32).toBe(expected);
    }
  });

  it('encodes the CBOR shapes COSE needs canonically', () => {
    expect(hex(encodeCbor(new CborMap([[1, -8]])))).toBe('a10127');
    expect(hex(encodeCbor(['Signature1', new Uint8Array(0)]))).toBe('826a5369676e61747572653140');
    expect(hex(encodeCbor([23, 24, 255, 256, 65536, -1, -25, false, true]))).toBe(
      '89171818' + '18ff' + '190100' + '1a00010000' + '20' + '3818' + 'f4f5',
    );
    expect(hex(encodeCbor(new Uint8Array(30)))).toBe('581e' + '00'.repeat(30));
  });
});

describe('demo key wallet signatures', () => {
  it('signs CIP-8 messages the API verifier accepts for its address, and only for that message', async () => {
    const storage = new MemoryStorage();
    const key = await loadOrCreateDemoKey(storage);
    expect(key.address).toMatch(/^addr1v/);
    const message = `Sign in to Adafolio\n\nAddress: ${key.address}\nNonce: ${randomBytes(8).toString('hex')}`;
    const signed = await signDataWithDemoKey(key, new TextEncoder().encode(message));
    expect(verify(signed.signature, signed.key, message, key.address)).toBe(true);
    expect(verify(signed.signature, signed.key, message + '!', key.address)).toBe(false);
    const stranger = CSL.EnterpriseAddress.new(
      1,
      CSL.Credential.from_keyhash(CSL.PrivateKey.generate_ed25519().to_public().hash()),
    )
      .to_address()
      .to_bech32();
    expect(verify(signed.signature, signed.key, message, stranger)).toBe(false);

    // The key is kept: the next load is the same identity.
    expect((await loadOrCreateDemoKey(storage)).address).toBe(key.address);
  });
});
