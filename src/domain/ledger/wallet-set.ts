import { decodeAddressCached } from '../address/decode-address.js';
import { parseWalletAddress, type WalletAddress } from '../address/wallet-address.js';
import type { Network } from '../address/decode-address.js';

const NO_OWNERS: readonly WalletAddress[] = Object.freeze([]);

/**
 * The wallets one user tracks, with a per-address ownership cache. Build once per user and reuse it
 * across transactions: ownership of an address is computed once.
 */
export class WalletSet {
  readonly wallets: readonly WalletAddress[];
  private readonly byAddress = new Map<string, WalletAddress[]>();
  private readonly byStakeCredential = new Map<string, WalletAddress[]>();
  private readonly owners = new Map<string, readonly WalletAddress[]>();

  constructor(wallets: readonly WalletAddress[]) {
    // Deduplicate by identity: the same wallet twice would double every figure.
    const unique = new Map<string, WalletAddress>();
    for (const w of wallets) unique.set(w.address, w);
    this.wallets = [...unique.values()];
    for (const w of this.wallets) {
      if (w.kind === 'payment') push(this.byAddress, w.address, w);
      else if (w.stakeCredential)
        push(this.byStakeCredential, `${w.stakeCredential.type}:${w.stakeCredential.hash}`, w);
    }
  }

  static from(wallets: readonly (WalletAddress | string)[], network: Network = 'mainnet'): WalletSet {
    return new WalletSet(wallets.map((w) => (typeof w === 'string' ? parseWalletAddress(w, network) : w)));
  }

  /** The tracked wallets an address belongs to (usually zero or one). */
  ownersOf(address: string): readonly WalletAddress[] {
    const cached = this.owners.get(address);
    if (cached) return cached;
    let result: readonly WalletAddress[] = this.byAddress.get(address) ?? NO_OWNERS;
    if (this.byStakeCredential.size > 0) {
      const decoded = decodeAddressCached(address);
      const cred = decoded?.kind === 'base' ? decoded.stakeCredential : undefined;
      const stakeOwners = cred ? this.byStakeCredential.get(`${cred.type}:${cred.hash}`) : undefined;
      if (stakeOwners) result = result.length === 0 ? stakeOwners : [...result, ...stakeOwners];
    }
    if (this.owners.size > 100_000) this.owners.clear();
    this.owners.set(address, result);
    return result;
  }

  /** The stake wallet whose reward address this is, if tracked. */
  stakeWalletOf(rewardAddress: string): WalletAddress | undefined {
    const decoded = decodeAddressCached(rewardAddress);
    const cred = decoded?.kind === 'reward' ? decoded.stakeCredential : undefined;
    return cred ? this.byStakeCredential.get(`${cred.type}:${cred.hash}`)?.[0] : undefined;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
