import { bech32 } from 'bech32';
import { decodeAddress, decodeAddressCached, type Credential, type Network } from './decode-address.js';
import { InvalidAddressError } from './invalid-address.error.js';

/** A wallet the user tracks: one payment address, or a stake account (all addresses sharing its credential). */
export interface WalletAddress {
  kind: 'payment' | 'stake';
  /** Canonical identity: the `stake1…`/`addr1…` (lower-case bech32) or the Byron base58 string. */
  address: string;
  stakeCredential?: Credential;
  paymentCredential?: Credential;
}

/**
 * Validates a user-entered wallet address. Throws `InvalidAddressError` with reason `bad_checksum`,
 * `wrong_network` or `garbage`/`unsupported`.
 */
export function parseWalletAddress(input: string, network: Network = 'mainnet'): WalletAddress {
  const trimmed = input.trim();
  const decoded = decodeAddress(trimmed);
  if (decoded.network !== network) {
    throw new InvalidAddressError(
      'wrong_network',
      trimmed,
      `Address is for ${decoded.network}, this instance tracks ${network}: ${trimmed}`,
    );
  }
  if (decoded.kind === 'reward') {
    return { kind: 'stake', address: decoded.address, stakeCredential: decoded.stakeCredential! };
  }
  const wallet: WalletAddress = { kind: 'payment', address: decoded.address };
  if (decoded.paymentCredential) wallet.paymentCredential = decoded.paymentCredential;
  if (decoded.stakeCredential) wallet.stakeCredential = decoded.stakeCredential;
  return wallet;
}

/**
 * True when a chain address belongs to the wallet: for a stake wallet, its stake credential equals the
 * account's (base addresses only; pointers are not resolved); for a payment wallet, it is that address.
 */
export function belongsToWallet(address: string, wallet: WalletAddress): boolean {
  if (wallet.kind === 'payment') return address === wallet.address;
  const decoded = decodeAddressCached(address);
  const cred = decoded?.kind === 'base' ? decoded.stakeCredential : undefined;
  return (
    cred !== undefined &&
    cred.hash === wallet.stakeCredential?.hash &&
    cred.type === wallet.stakeCredential.type
  );
}

/** The reward address (`stake1…`) of a stake credential. */
export function rewardAddressOf(credential: Credential, network: Network = 'mainnet'): string {
  const header = (credential.type === 'script' ? 0xf0 : 0xe0) | (network === 'mainnet' ? 1 : 0);
  const bytes = Buffer.concat([Buffer.from([header]), Buffer.from(credential.hash, 'hex')]);
  return bech32.encode(network === 'mainnet' ? 'stake' : 'stake_test', bech32.toWords(bytes), 1023);
}
