/** What Adafolio knows about one native token (a row of `tokens`). Missing metadata is all nulls. */
export interface TokenRecord {
  /** policy id (56 hex) + asset name (hex). */
  unit: string;
  policyId: string;
  /** Asset name in hex, or null for the empty name. */
  assetName: string | null;
  fingerprint: string | null;
  /** Display name: registry or on-chain metadata, else the asset name decoded as text. */
  name: string | null;
  ticker: string | null;
  decimals: number | null;
  /** Registry logo (base64 PNG) or on-chain image URI. */
  logo: string | null;
  metadataStandard: 'registry' | 'cip25' | 'cip68' | null;
  /** `{ registry, onchain }` as Blockfrost answered them, or null when it had neither. */
  metadata: TokenMetadataJson | null;
  fetchedAt: Date;
}

export interface TokenMetadataJson {
  registry: Record<string, unknown> | null;
  onchain: Record<string, unknown> | null;
}
