import type { AssetContent } from '../blockfrost-types.js';
import type { TokenRecord } from './token-record.js';

/** CIP-67 labels that prefix CIP-68 asset names: reference NFT (100), NFT (222), FT (333), RFT (444). */
const CIP67_PREFIXES = ['000643b0', '000de140', '0014df10', '001bc280'];

/** The asset name as text when it is printable UTF-8 (after any CIP-67 label), else null. */
export function assetNameText(assetNameHex: string | null): string | null {
  if (!assetNameHex) return null;
  let hex = assetNameHex;
  const prefix = CIP67_PREFIXES.find((p) => hex.startsWith(p));
  if (prefix) hex = hex.slice(prefix.length);
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return null;
  const text = Buffer.from(hex, 'hex').toString('utf8');
  // Replacement characters mean it was not UTF-8; control characters mean it is binary.
  // eslint-disable-next-line no-control-regex
  if (text.includes('\uFFFD') || /[\u0000-\u001f\u007f]/.test(text)) return null;
  return text;
}

function str(v: unknown): string | null {
  if (typeof v === 'string' && v.length > 0) return v;
  // CIP-25 splits long strings into arrays of up to 64 bytes.
  if (Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')) return v.join('');
  return null;
}

function int(v: unknown): number | null {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 255 ? n : null;
}

export function splitUnit(unit: string): { policyId: string; assetName: string | null } {
  return { policyId: unit.slice(0, 56), assetName: unit.length > 56 ? unit.slice(56) : null };
}

/** A token with nothing known but its unit (Blockfrost answered 404). */
export function emptyTokenRecord(unit: string, now: Date): TokenRecord {
  const { policyId, assetName } = splitUnit(unit);
  return {
    unit,
    policyId,
    assetName,
    fingerprint: null,
    name: assetNameText(assetName),
    ticker: null,
    decimals: null,
    logo: null,
    metadataStandard: null,
    metadata: null,
    fetchedAt: now,
  };
}

/** Maps Blockfrost's `/assets/{asset}` answer to a token record; the registry wins over on-chain data. */
export function tokenRecordFromAsset(unit: string, asset: AssetContent, now: Date): TokenRecord {
  const registry = asset.metadata ?? null;
  const onchain = asset.onchain_metadata ?? null;
  const standard = asset.onchain_metadata_standard ?? null;
  const { policyId, assetName } = splitUnit(unit);
  const hex = asset.asset_name ?? assetName;
  return {
    unit,
    policyId: asset.policy_id || policyId,
    assetName: hex || null,
    fingerprint: asset.fingerprint || null,
    name: str(registry?.name) ?? str(onchain?.name) ?? assetNameText(hex),
    ticker: str(registry?.ticker) ?? str(onchain?.ticker),
    decimals: int(registry?.decimals) ?? int(onchain?.decimals),
    logo: str(registry?.logo) ?? str(onchain?.logo) ?? str(onchain?.image),
    metadataStandard: registry
      ? 'registry'
      : standard?.startsWith('CIP68')
        ? 'cip68'
        : standard?.startsWith('CIP25')
          ? 'cip25'
          : null,
    metadata: registry || onchain ? { registry: registry as Record<string, unknown> | null, onchain } : null,
    fetchedAt: now,
  };
}
