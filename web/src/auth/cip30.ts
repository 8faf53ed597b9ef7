import { bech32 } from 'bech32';

/** The part of a CIP-30 wallet API the dashboard uses (https://cips.cardano.org/cip/CIP-30). */
export interface Cip30Api {
  getNetworkId(): Promise<number>;
  getChangeAddress(): Promise<string>;
  getUsedAddresses(paginate?: unknown): Promise<string[]>;
  getRewardAddresses(): Promise<string[]>;
  signData(address: string, payloadHex: string): Promise<{ signature: string; key: string }>;
}

/** What a wallet extension injects as `window.cardano.<id>`. */
export interface Cip30Provider {
  name?: string;
  icon?: string;
  apiVersion?: string;
  enable(): Promise<Cip30Api>;
  isEnabled?(): Promise<boolean>;
}

export interface DetectedWallet {
  id: string;
  name: string;
  icon: string | null;
  provider: Cip30Provider;
}

declare global {
  interface Window {
    cardano?: Record<string, unknown>;
  }
}

/** Wallet extensions present in this page, found by their CIP-30 shape (not by a list of names). */
export function detectWallets(
  root: Record<string, unknown> | undefined = (globalThis as { cardano?: Record<string, unknown> }).cardano,
): DetectedWallet[] {
  if (!root) return [];
  const out: DetectedWallet[] = [];
  for (const [id, value] of Object.entries(root)) {
    if (!value || typeof value !== 'object') continue;
    const p = value as Partial<Cip30Provider>;
    if (typeof p.enable !== 'function') continue;
    out.push({
      id,
      name: typeof p.name === 'string' && p.name ? p.name : id,
      icon: typeof p.icon === 'string' && p.icon ? p.icon : null,
      provider: p as Cip30Provider,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export function utf8ToHex(text: string): string {
  return [...new TextEncoder().encode(text)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function hexToBytes(hex: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new Error('not a hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * CIP-30 returns addresses as hex-encoded raw bytes; the API speaks bech32. The header byte says which
 * prefix applies: types 14/15 are reward (stake) addresses, the low nibble is the network id.
 */
export function addressHexToBech32(hex: string): string {
  if (/^(addr|stake)(_test)?1/.test(hex)) return hex; // some wallets already return bech32
  const bytes = hexToBytes(hex);
  if (bytes.length === 0) throw new Error('empty address');
  const header = bytes[0]!;
  const type = header >> 4;
  const mainnet = (header & 0x0f) === 1;
  const stake = type === 14 || type === 15;
  const prefix = (stake ? 'stake' : 'addr') + (mainnet ? '' : '_test');
  return bech32.encode(prefix, bech32.toWords(bytes), 1023);
}

/** The address a user signs in with: the change address (a payment key the wallet can sign for). */
export async function signInAddress(api: Cip30Api): Promise<{ hex: string; bech32: string }> {
  let hex = await api.getChangeAddress();
  if (!hex) [hex = ''] = await api.getUsedAddresses();
  if (!hex) throw new Error('The wallet returned no address');
  return { hex, bech32: addressHexToBech32(hex) };
}
