import type { DexPoolKind } from './pool-formula.js';

/**
 * Where each DEX version keeps its ADA/token pools: the pool script address(es) published by the DEX
 * (Minswap V1, SundaeSwap V1 and WingRiders V1 from the Cardano-Fans crfa-offchain-data-registry;
 * Minswap V2 from minswap-dex-v2's README; SundaeSwap V3 from its published deployment). A UTxO there
 * is a pool only when it holds the version's pool NFT (`POOL_NFT_POLICIES`). WingRiders V2 pools sit
 * at per-pool addresses not listed here: found only when a configured address names them.
 */
export const POOL_ADDRESSES: Readonly<Record<DexPoolKind, readonly string[]>> = {
  'minswap-v1': [
    'addr1z8snz7c4974vzdpxu65ruphl3zjdvtxw8strf2c2tmqnxz2j2c79gy9l76sdg0xwhd7r0c0kna0tycz4y5s6mlenh8pq0xmsha',
  ],
  'minswap-v2': [
    'addr1z84q0denmyep98ph3tmzwsmw0j7zau9ljmsqx6a4rvaau66j2c79gy9l76sdg0xwhd7r0c0kna0tycz4y5s6mlenh8pq777e2a',
  ],
  'sundaeswap-v1': ['addr1w9qzpelu9hn45pefc0xr4ac4kdxeswq7pndul2vuj59u8tqaxdznu'],
  'sundaeswap-v3': [
    'addr1x8srqftqemf0mjlukfszd97ljuxdp44r372txfcr75wrz26rnxqnmtv3hdu2t6chcfhl2zzjh36a87nmd6dwsu3jenqsslnz7e',
  ],
  'wingriders-v1': ['addr1w8nvjzjeydcn4atcd93aac8allvrpjn7pjr2qsweukpnayghhwcpj'],
  'wingriders-v2': [],
};
