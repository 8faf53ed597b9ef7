import { describe, expect, it } from 'vitest';
import type { AssetContent } from '../../../src/chain/blockfrost-types.js';
import {
  assetNameText,
  emptyTokenRecord,
  tokenRecordFromAsset,
} from '../../../src/chain/tokens/token-record-from-asset.js';

const now = new Date('2026-11-25T12:00:00Z');
const POLICY = 'f0ff48bbb7bbe9d59a40f1ce90e9e9d0ff5002ec48f232b49ca0fb9a';

function asset(over: Partial<AssetContent>): AssetContent {
  return {
    asset: POLICY + '6164616d6f6e6579',
    policy_id: POLICY,
    asset_name: '6164616d6f6e6579',
    fingerprint: 'asset1xyz',
    quantity: '1000',
    initial_mint_tx_hash: 'aa'.repeat(32),
    mint_or_burn_count: 1,
    onchain_metadata: null,
    onchain_metadata_standard: null,
    metadata: null,
    ...over,
  };
}

describe('tokenRecordFromAsset', () => {
  it('prefers the token registry (name, ticker, decimals, logo)', () => {
    const r = tokenRecordFromAsset(
      POLICY + '6164616d6f6e6579',
      asset({
        metadata: {
          name: 'Ada Money',
          description: 'd',
          ticker: 'ADAM',
          url: null,
          logo: 'iVBOR',
          decimals: 6,
        },
        onchain_metadata: { name: 'ignored' },
        onchain_metadata_standard: 'CIP25v1',
      }),
      now,
    );
    expect(r).toMatchObject({
      policyId: POLICY,
      assetName: '6164616d6f6e6579',
      fingerprint: 'asset1xyz',
      name: 'Ada Money',
      ticker: 'ADAM',
      decimals: 6,
      logo: 'iVBOR',
      metadataStandard: 'registry',
      fetchedAt: now,
    });
    expect(r.metadata?.onchain).toEqual({ name: 'ignored' });
  });

  it('falls back to CIP-68 and CIP-25 on-chain metadata', () => {
    const cip68 = tokenRecordFromAsset(
      POLICY + '0014df10484f534b59',
      asset({
        asset_name: '0014df10484f534b59',
        onchain_metadata: { name: 'Hosky', ticker: 'HOSKY', decimals: 0, logo: 'ipfs://x' },
        onchain_metadata_standard: 'CIP68v1',
      }),
      now,
    );
    expect(cip68).toMatchObject({
      name: 'Hosky',
      ticker: 'HOSKY',
      decimals: 0,
      logo: 'ipfs://x',
      metadataStandard: 'cip68',
    });
    const cip25 = tokenRecordFromAsset(
      POLICY + '4e4654',
      asset({
        asset_name: '4e4654',
        onchain_metadata: { name: 'NFT #1', image: ['ipfs://Qm', 'abc'] },
        onchain_metadata_standard: 'CIP25v2',
      }),
      now,
    );
    expect(cip25).toMatchObject({
      name: 'NFT #1',
      ticker: null,
      decimals: null,
      logo: 'ipfs://Qmabc',
      metadataStandard: 'cip25',
    });
  });

  it('without any metadata, uses the decoded asset name and stores no metadata', () => {
    const r = tokenRecordFromAsset(POLICY + '6164616d6f6e6579', asset({}), now);
    expect(r).toMatchObject({ name: 'adamoney', metadataStandard: null, metadata: null, ticker: null });
  });
});

describe('assetNameText / emptyTokenRecord', () => {
  it('decodes printable names, strips CIP-67 labels, refuses binary', () => {
    expect(assetNameText('484f534b59')).toBe('HOSKY');
    expect(assetNameText('000de140436f6f6c')).toBe('Cool');
    expect(assetNameText('00ff10')).toBeNull();
    expect(assetNameText(null)).toBeNull();
    expect(assetNameText('abc')).toBeNull();
  });

  it('a token Blockfrost does not know is all nulls but its unit parts', () => {
    expect(emptyTokenRecord(POLICY, now)).toEqual({
      unit: POLICY,
      policyId: POLICY,
      assetName: null,
      fingerprint: null,
      name: null,
      ticker: null,
      decimals: null,
      logo: null,
      metadataStandard: null,
      metadata: null,
      fetchedAt: now,
    });
  });
});
