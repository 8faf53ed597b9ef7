import { bech32 } from 'bech32';
import blake from 'blakejs';

/**
 * Shelley address helpers (CIP-19) for mainnet: build base, enterprise, script and reward addresses from
 * 28-byte credentials, and read the stake credential back out of any address, so the model can tell
 * which stake account an address belongs to.
 */

const LIMIT = 1023;

export interface Credential {
  /** 28-byte hash, hex. */
  hash: string;
  script: boolean;
}

function encode(prefix: string, bytes: Uint8Array): string {
  return bech32.encode(prefix, bech32.toWords(bytes), LIMIT);
}

function concat(header: number, ...hexes: string[]): Uint8Array {
  return Uint8Array.from(Buffer.concat([Buffer.from([header]), ...hexes.map((h) => Buffer.from(h, 'hex'))]));
}

/** Base address: payment credential + stake credential (header types 0–3, network 1). */
export function baseAddress(payment: Credential, stake: Credential): string {
  const type = (payment.script ? 1 : 0) | (stake.script ? 2 : 0);
  return encode('addr', concat((type << 4) | 1, payment.hash, stake.hash));
}

/** Enterprise address: payment credential only (header type 6 key, 7 script). */
export function enterpriseAddress(payment: Credential): string {
  return encode('addr', concat(((payment.script ? 7 : 6) << 4) | 1, payment.hash));
}

/** Reward (stake) address: `stake1u…` for a key credential, `stake17…` for a script. */
export function rewardAddress(stake: Credential): string {
  return encode('stake', concat(stake.script ? 0xf1 : 0xe1, stake.hash));
}

export interface AddressInfo {
  type: 'byron' | 'shelley';
  /** Payment credential is a script. */
  script: boolean;
  paymentHash: string | null;
  stakeAddress: string | null;
}

/** Decodes what Blockfrost's `/addresses/{a}` reports about an address: era, script flag, stake address. */
export function addressInfo(address: string): AddressInfo {
  if (!address.startsWith('addr') && !address.startsWith('stake')) {
    return { type: 'byron', script: false, paymentHash: null, stakeAddress: null };
  }
  const decoded = bech32.decode(address, LIMIT);
  const bytes = Buffer.from(bech32.fromWords(decoded.words));
  const header = bytes[0]!;
  const type = header >> 4;
  const network = header & 0x0f;
  const prefix = network === 1 ? 'stake' : 'stake_test';
  const paymentScript = type === 1 || type === 3 || type === 5 || type === 7;
  if (type <= 3) {
    const stakeScript = type === 2 || type === 3;
    const stakeHeader = (stakeScript ? 0xf0 : 0xe0) | network;
    return {
      type: 'shelley',
      script: paymentScript,
      paymentHash: bytes.subarray(1, 29).toString('hex'),
      stakeAddress: bech32.encode(
        prefix,
        bech32.toWords(Buffer.concat([Buffer.from([stakeHeader]), bytes.subarray(29, 57)])),
        LIMIT,
      ),
    };
  }
  if (type === 14 || type === 15) {
    return { type: 'shelley', script: type === 15, paymentHash: null, stakeAddress: address };
  }
  return {
    type: 'shelley',
    script: paymentScript,
    paymentHash: bytes.subarray(1, 29).toString('hex'),
    stakeAddress: null,
  };
}

/** Bech32 for other Cardano ids (pools, VRF keys). */
export function bech32Id(prefix: string, hex: string): string {
  return encode(prefix, Uint8Array.from(Buffer.from(hex, 'hex')));
}

/** CIP-14 asset fingerprint: bech32("asset", blake2b-160(policy_id ‖ asset_name)). */
export function assetFingerprint(unit: string): string {
  const digest = blake.blake2b(Uint8Array.from(Buffer.from(unit, 'hex')), undefined, 20);
  return encode('asset', digest);
}

/** blake2b-256 (datum hashes). */
export function blake2b256Hex(hex: string): string {
  return Buffer.from(blake.blake2b(Uint8Array.from(Buffer.from(hex, 'hex')), undefined, 32)).toString('hex');
}
