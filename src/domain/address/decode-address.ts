import { bech32 } from 'bech32';
import { ByronChecksumError, decodeByronAddress } from './byron-address.js';
import { InvalidAddressError } from './invalid-address.error.js';

export type Network = 'mainnet' | 'testnet';
export type AddressKind = 'base' | 'pointer' | 'enterprise' | 'reward' | 'byron';

/** A 28-byte key hash or script hash, hex. */
export interface Credential {
  type: 'key' | 'script';
  hash: string;
}

export interface DecodedAddress {
  address: string;
  kind: AddressKind;
  network: Network;
  paymentCredential?: Credential;
  stakeCredential?: Credential;
}

const MAINNET_BYRON_MAGIC = 764824073;
const BECH32_LIMIT = 1023;

function hex(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('hex');
}

function credential(type: 'key' | 'script', bytes: Uint8Array, start: number): Credential {
  return { type, hash: hex(bytes, start, start + 28) };
}

/** Reads a CIP-19 pointer's variable-length natural number; returns the next offset or -1. */
function skipVarNat(bytes: Uint8Array, offset: number): number {
  for (let i = offset; i < bytes.length; i++) if ((bytes[i]! & 0x80) === 0) return i + 1;
  return -1;
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const CHAR_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < CHARSET.length; i++) CHAR_VALUE[CHARSET.charCodeAt(i)] = i;

/**
 * bech32 → prefix and data words without verifying the checksum: only for chain data that Blockfrost
 * already validated (the parse decodes every counterparty address, so this is the hot path).
 */
function unverifiedBech32(input: string): { prefix: string; words: number[] } | null {
  const sep = input.lastIndexOf('1');
  if (sep < 1 || input.length - sep < 8) return null;
  const words: number[] = [];
  for (let i = sep + 1; i < input.length - 6; i++) {
    const code = input.charCodeAt(i);
    const v = code < 128 ? CHAR_VALUE[code]! : -1;
    if (v < 0) return null;
    words.push(v);
  }
  return { prefix: input.slice(0, sep), words };
}

/** bech32 5-bit words → bytes (strict: the padding must be fewer than 5 zero bits). */
function wordsToBytes(words: readonly number[]): Uint8Array | null {
  const out = new Uint8Array((words.length * 5) >> 3);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const w of words) {
    acc = ((acc << 5) | w) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

function decodeShelley(input: string, verifyChecksum = true): DecodedAddress {
  let decoded: { prefix: string; words: number[] };
  try {
    const fast = verifyChecksum ? null : unverifiedBech32(input);
    decoded = fast ?? bech32.decode(input, BECH32_LIMIT);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/checksum/i.test(message)) {
      throw new InvalidAddressError('bad_checksum', input, `Address checksum is wrong: ${input}`, {
        cause: error,
      });
    }
    throw new InvalidAddressError('garbage', input, `Not a Cardano address: ${input}`, { cause: error });
  }
  const bytes = wordsToBytes(decoded.words);
  if (!bytes)
    throw new InvalidAddressError('garbage', input, `Not a Cardano address (bad padding): ${input}`);
  const header = bytes[0];
  if (header === undefined) throw new InvalidAddressError('garbage', input, `Empty address: ${input}`);
  const type = header >> 4;
  const networkId = header & 0x0f;
  const network: Network = networkId === 1 ? 'mainnet' : 'testnet';
  const { prefix } = decoded;
  const isReward = type === 14 || type === 15;
  const expectedPrefix = isReward
    ? network === 'mainnet'
      ? 'stake'
      : 'stake_test'
    : network === 'mainnet'
      ? 'addr'
      : 'addr_test';
  if (prefix !== expectedPrefix) {
    throw new InvalidAddressError(
      'garbage',
      input,
      `Address prefix "${prefix}" does not match its header (${input})`,
    );
  }
  const bad = (what: string): never => {
    throw new InvalidAddressError('garbage', input, `Malformed ${what} address: ${input}`);
  };
  const pay = (scriptBit: number): Credential => credential(scriptBit ? 'script' : 'key', bytes, 1);
  switch (type) {
    case 0:
    case 1:
    case 2:
    case 3:
      if (bytes.length !== 57) bad('base');
      return {
        address: input,
        kind: 'base',
        network,
        paymentCredential: pay(type & 1),
        stakeCredential: credential(type & 2 ? 'script' : 'key', bytes, 29),
      };
    case 4:
    case 5: {
      let offset = 29;
      for (let i = 0; i < 3 && offset > 0; i++) offset = skipVarNat(bytes, offset);
      if (bytes.length < 32 || offset !== bytes.length) bad('pointer');
      return { address: input, kind: 'pointer', network, paymentCredential: pay(type & 1) };
    }
    case 6:
    case 7:
      if (bytes.length !== 29) bad('enterprise');
      return { address: input, kind: 'enterprise', network, paymentCredential: pay(type & 1) };
    case 14:
    case 15:
      if (bytes.length !== 29) bad('reward');
      return {
        address: input,
        kind: 'reward',
        network,
        stakeCredential: credential(type & 1 ? 'script' : 'key', bytes, 1),
      };
    default:
      throw new InvalidAddressError('unsupported', input, `Unsupported address type ${type}: ${input}`);
  }
}

/**
 * Decodes any Cardano address (CIP-19 Shelley kinds in bech32, Byron in base58). Throws
 * `InvalidAddressError`; does not check the network (see `parseWalletAddress`).
 */
export function decodeAddress(input: string, options: { verifyChecksum?: boolean } = {}): DecodedAddress {
  if (input.length === 0) throw new InvalidAddressError('garbage', input, 'Address is empty');
  const lower = input.toLowerCase();
  if (lower.startsWith('addr') || lower.startsWith('stake')) {
    // bech32 is case-insensitive but never mixed-case; a lower-cased copy is the canonical form.
    if (input !== lower && input !== input.toUpperCase()) {
      throw new InvalidAddressError('garbage', input, `Mixed-case address: ${input}`);
    }
    return decodeShelley(lower, options.verifyChecksum ?? true);
  }
  let byron;
  try {
    byron = decodeByronAddress(input);
  } catch (error) {
    if (error instanceof ByronChecksumError) {
      throw new InvalidAddressError('bad_checksum', input, `Byron address checksum is wrong: ${input}`, {
        cause: error,
      });
    }
    throw error;
  }
  if (!byron) throw new InvalidAddressError('garbage', input, `Not a Cardano address: ${input}`);
  return {
    address: input,
    kind: 'byron',
    network:
      byron.protocolMagic === null || byron.protocolMagic === MAINNET_BYRON_MAGIC ? 'mainnet' : 'testnet',
  };
}

const NOT_AN_ADDRESS = Symbol('invalid');
const cache = new Map<string, DecodedAddress | typeof NOT_AN_ADDRESS>();
const CACHE_LIMIT = 200_000;

/**
 * Cached decode for chain data (the parse sees the same addresses again and again). The bech32
 * checksum is not re-verified (Blockfrost did); user input goes through `parseWalletAddress`, which
 * verifies it. Returns null for a string that is not an address instead of throwing.
 */
export function decodeAddressCached(address: string): DecodedAddress | null {
  const hit = cache.get(address);
  if (hit !== undefined) return hit === NOT_AN_ADDRESS ? null : hit;
  let value: DecodedAddress | typeof NOT_AN_ADDRESS;
  try {
    value = decodeAddress(address, { verifyChecksum: false });
  } catch {
    value = NOT_AN_ADDRESS;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(address, value);
  return value === NOT_AN_ADDRESS ? null : value;
}
