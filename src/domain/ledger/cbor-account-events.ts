import { bech32 } from 'bech32';
import { CborTagged, decodeCbor, type CborValue } from '../cbor/cbor-decoder.js';
import type { AccountEvent } from './types.js';

const poolId = (hash: Uint8Array) => bech32.encode('pool', bech32.toWords(hash), 1023);

function rewardAddress(credType: bigint, hash: Uint8Array, mainnet: boolean): string {
  const header = (credType === 1n ? 0xf0 : 0xe0) | (mainnet ? 1 : 0);
  const bytes = Buffer.concat([Buffer.from([header]), Buffer.from(hash)]);
  return bech32.encode(mainnet ? 'stake' : 'stake_test', bech32.toWords(bytes), 1023);
}

function credential(v: CborValue, mainnet: boolean): string | null {
  if (!Array.isArray(v) || typeof v[0] !== 'bigint' || !(v[1] instanceof Uint8Array) || v[1].length !== 28)
    return null;
  return rewardAddress(v[0], v[1], mainnet);
}

function untag(v: CborValue): CborValue {
  return v instanceof CborTagged ? v.value : v;
}

/**
 * Certificates and withdrawals from a transaction's CBOR (`/txs/{h}/cbor`), as account events.
 * Covers Shelley certificates (0 registration, 1 deregistration, 2 delegation) and the Conway
 * combined ones (7 reg, 8 unreg, 10 stake+vote delegation, 11 reg+delegation, 13 reg+stake+vote
 * delegation). Returns null when the CBOR cannot be read (the caller falls back to other sources).
 */
export function accountEventsFromCbor(
  cborHex: string,
  network: 'mainnet' | 'testnet' = 'mainnet',
): AccountEvent[] | null {
  const mainnet = network === 'mainnet';
  let tx: CborValue;
  try {
    tx = decodeCbor(Buffer.from(cborHex, 'hex'));
  } catch {
    return null;
  }
  const body = Array.isArray(tx) ? tx[0] : undefined;
  if (!(body instanceof Map)) return null;
  const events: AccountEvent[] = [];
  const certs = untag(body.get(4n) ?? []);
  if (Array.isArray(certs)) {
    for (const cert of certs) {
      if (!Array.isArray(cert) || typeof cert[0] !== 'bigint') continue;
      const kind = Number(cert[0]);
      const stakeAddress = credential(cert[1] ?? null, mainnet);
      if (!stakeAddress) continue;
      const pool = (i: number) => (cert[i] instanceof Uint8Array ? poolId(cert[i] as Uint8Array) : undefined);
      const coin = (i: number) => (typeof cert[i] === 'bigint' ? String(cert[i]) : null);
      if (kind === 0) events.push({ kind: 'registration', stakeAddress });
      else if (kind === 1) events.push({ kind: 'deregistration', stakeAddress });
      else if (kind === 2 || kind === 10) events.push({ kind: 'delegation', stakeAddress, poolId: pool(2) });
      else if (kind === 7) events.push({ kind: 'registration', stakeAddress, deposit: coin(2) });
      else if (kind === 8) events.push({ kind: 'deregistration', stakeAddress, deposit: coin(2) });
      else if (kind === 11 || kind === 13) {
        events.push({ kind: 'registration', stakeAddress, deposit: coin(kind === 11 ? 3 : 4) });
        events.push({ kind: 'delegation', stakeAddress, poolId: pool(2) });
      }
    }
  }
  const withdrawals = body.get(5n);
  if (withdrawals instanceof Map) {
    for (const [account, amount] of withdrawals) {
      if (!(account instanceof Uint8Array) || account.length !== 29 || typeof amount !== 'bigint') continue;
      const header = account[0]!;
      const stakeAddress = rewardAddress(header & 0x10 ? 1n : 0n, account.subarray(1), (header & 0x0f) === 1);
      events.push({ kind: 'withdrawal', stakeAddress, amount: String(amount) });
    }
  }
  return events;
}
