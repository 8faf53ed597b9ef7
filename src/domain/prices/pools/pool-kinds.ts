import { minswapV1 } from './minswap-v1.js';
import { minswapV2 } from './minswap-v2.js';
import type { DexPoolKind, PoolFormula } from './pool-formula.js';
import { sundaeswapV1 } from './sundaeswap-v1.js';
import { sundaeswapV3 } from './sundaeswap-v3.js';
import { wingridersV1 } from './wingriders-v1.js';
import { wingridersV2 } from './wingriders-v2.js';

export const POOL_FORMULAS: Readonly<Record<DexPoolKind, PoolFormula>> = {
  'minswap-v1': minswapV1,
  'minswap-v2': minswapV2,
  'sundaeswap-v1': sundaeswapV1,
  'sundaeswap-v3': sundaeswapV3,
  'wingriders-v1': wingridersV1,
  'wingriders-v2': wingridersV2,
};

/**
 * Policy of each DEX version's pool-identity NFT (the token only a genuine pool UTxO holds), as
 * published in the DEXes' SDKs and read by public aggregators (IndigoProtocol/dexter, Charli3
 * dendrite). A UTxO at a pool address without it is not a pool (anyone can pay to a script address).
 */
export const POOL_NFT_POLICIES: Readonly<Record<DexPoolKind, string>> = {
  'minswap-v1': '0be55d262b29f564998ff81efe21bdc0022621c12f15af08d0f2ddb1',
  'minswap-v2': 'f5808c2c990d86da54bfc97d89cee6efa20cd8461616359478d96b4c',
  'sundaeswap-v1': '0029cb7c88c7567b63d1a512c0ed626aa169688ec980730c0473b913',
  'sundaeswap-v3': 'e0302560ced2fdcbfcb2602697df970cd0d6a38f94b32703f51c312b',
  'wingriders-v1': '026a18d04a0c642759bb3d83b12e3344894e5c1c7b2aeb1a2113a570',
  'wingriders-v2': '6fdc63a1d71dc2c65502b79baae7fb543185702b12c3c5fb639ed737',
};

export function isDexPoolKind(value: string): value is DexPoolKind {
  return Object.hasOwn(POOL_FORMULAS, value);
}
