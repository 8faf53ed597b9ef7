/** Display helpers for bech32 addresses and hashes. */

/** "addr1qxy…k3f9" — enough of both ends to recognise a wallet. */
export function shortAddress(address: string, head = 10, tail = 6): string {
  if (address.length <= head + tail + 1) return address;
  return `${address.slice(0, head)}…${address.slice(-tail)}`;
}

export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash;
}

export type AddressKind = 'payment' | 'stake';

/** Client-side check before sending; the API validates properly. */
export function detectAddressKind(input: string): AddressKind | null {
  const s = input.trim();
  if (/^addr(_test)?1[02-9ac-hj-np-z]{50,}$/.test(s)) return 'payment';
  if (/^stake(_test)?1[02-9ac-hj-np-z]{50,}$/.test(s)) return 'stake';
  return null;
}
