import type { TokenInfo } from '../api/types.js';

/** Best human label for a token: ticker, else name, else the hex asset name decoded when printable. */
export function tokenLabel(t: TokenInfo): string {
  if (t.unit === 'lovelace') return 'ADA';
  if (t.ticker) return t.ticker;
  if (t.name) return t.name;
  const assetName = decodeAssetName(t.unit.slice(56));
  return assetName ?? `${t.unit.slice(0, 8)}…${t.unit.slice(-6)}`;
}

export function tokenSubtitle(t: TokenInfo): string {
  if (t.unit === 'lovelace') return 'Cardano';
  if (t.ticker && t.name) return t.name;
  return `${t.unit.slice(0, 10)}…`;
}

/** ADA first, then by label: the order every list and chart uses. */
export function compareTokens(a: TokenInfo, b: TokenInfo): number {
  if (a.unit === b.unit) return 0;
  if (a.unit === 'lovelace') return -1;
  if (b.unit === 'lovelace') return 1;
  return tokenLabel(a).localeCompare(tokenLabel(b));
}

/**
 * CIP-67 label prefixes (0 + 16-bit label + checksum byte + 0, e.g. 000de140 = NFT, 0014df10 = FT) are
 * dropped before decoding.
 */
function decodeAssetName(hex: string): string | null {
  if (!hex || hex.length % 2 !== 0) return null;
  const body = /^0[0-9a-f]{6}0/.test(hex) && hex.length > 8 ? hex.slice(8) : hex;
  const bytes = body.match(/../g)?.map((b) => parseInt(b, 16)) ?? [];
  if (bytes.length === 0 || bytes.some((b) => b < 0x20 || b > 0x7e)) return null;
  return String.fromCharCode(...bytes);
}
