import { bech32 } from 'bech32';
import { blake2b } from './blake2b.js';
import { CborMap, encodeCbor } from './cbor.js';

/**
 * A CIP-30 provider backed by an Ed25519 key that lives in this browser (WebCrypto), for trying
 * Adafolio without a wallet extension (e.g. the demo on the chain simulator). It signs exactly like a
 * wallet's `signData` (CIP-8: COSE_Sign1 with the EdDSA algorithm and the `address` protected header,
 * COSE_Key OKP/Ed25519), so the API verifies it like any other wallet; the identity is the key's
 * mainnet enterprise address. The key is kept in localStorage: clearing site data loses the account.
 */

const STORAGE_KEY = 'adafolio.demo-key';

// Structural types, so this module type-checks both in the browser (DOM lib) and in Node's tests.
type Subtle = typeof globalThis.crypto.subtle;
type Key = Awaited<ReturnType<Subtle['importKey']>>;
/** The part of `localStorage` used here. */
export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
export const DEMO_WALLET_ID = 'adafolio-demo-key';

export interface DemoKey {
  privateKey: Key;
  publicKey: Uint8Array;
  /** Raw address bytes: header 0x61 (enterprise, key hash, mainnet) + BLAKE2b-224(public key). */
  addressBytes: Uint8Array;
  address: string;
}

export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(text.match(/../g) ?? [], (b) => parseInt(b, 16));
}

export function enterpriseAddress(publicKey: Uint8Array): { bytes: Uint8Array; bech32: string } {
  const bytes = new Uint8Array(29);
  bytes[0] = 0x61;
  bytes.set(blake2b(publicKey, 28), 1);
  return { bytes, bech32: bech32.encode('addr', bech32.toWords(bytes), 1023) };
}

async function fromPkcs8(pkcs8: Uint8Array<ArrayBuffer>, subtle: Subtle): Promise<DemoKey> {
  const privateKey = await subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, true, ['sign']);
  // The public key is the last 32 bytes of the JWK's x; export it through JWK (raw export is for public keys).
  const jwk = await subtle.exportKey('jwk', privateKey);
  const publicKey = Uint8Array.from(atob(jwk.x!.replace(/-/g, '+').replace(/_/g, '/')), (c) =>
    c.charCodeAt(0),
  );
  const address = enterpriseAddress(publicKey);
  return { privateKey, publicKey, addressBytes: address.bytes, address: address.bech32 };
}

/** The stored key, or a new one (stored) when there is none. */
export async function loadOrCreateDemoKey(
  storage: KeyStorage | null = (globalThis as { localStorage?: KeyStorage }).localStorage ?? null,
  subtle: Subtle = globalThis.crypto.subtle,
): Promise<DemoKey> {
  const saved = storage?.getItem(STORAGE_KEY);
  if (saved && /^[0-9a-f]+$/.test(saved)) {
    try {
      return await fromPkcs8(fromHex(saved), subtle);
    } catch {
      // A corrupt entry: make a new key below.
    }
  }
  const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as {
    privateKey: Key;
  };
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
  storage?.setItem(STORAGE_KEY, hex(pkcs8));
  return fromPkcs8(pkcs8, subtle);
}

/** CIP-8 `signData` over `payload` for the key's address. */
export async function signDataWithDemoKey(
  key: DemoKey,
  payload: Uint8Array,
  subtle: Subtle = globalThis.crypto.subtle,
): Promise<{ signature: string; key: string }> {
  const protectedHeader = encodeCbor(
    new CborMap([
      [1, -8],
      ['address', key.addressBytes],
    ]),
  );
  const toSign = encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), payload]);
  const signature = new Uint8Array(await subtle.sign({ name: 'Ed25519' }, key.privateKey, toSign));
  const coseSign1 = encodeCbor([protectedHeader, new CborMap([['hashed', false]]), payload, signature]);
  const coseKey = encodeCbor(
    new CborMap([
      [1, 1],
      [3, -8],
      [-1, 6],
      [-2, key.publicKey],
    ]),
  );
  return { signature: hex(coseSign1), key: hex(coseKey) };
}

/** Whether this browser's WebCrypto can make Ed25519 keys (recent Chrome, Firefox and Safari can). */
export async function demoKeySupported(
  subtle: Subtle | undefined = globalThis.crypto?.subtle,
): Promise<boolean> {
  if (!subtle) return false;
  try {
    await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}
