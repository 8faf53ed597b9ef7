import { createDexOrderDetector } from '../dex-order-detector.js';

/** SundaeSwap V1 and V3 order ("Order Book") and pool scripts, from the crfa registry. */
export const sundaeswapDetector = createDexOrderDetector({
  id: 'sundaeswap',
  protocol: { id: 'sundaeswap', name: 'SundaeSwap', category: 'DEFI', subCategory: 'AMM_DEX' },
  scripts: [
    {
      hash: 'ba158766c1bae60e2117ee8987621441fac66a5e0fb9c7aca58cf20a',
      role: 'order',
      name: 'Order Book V1',
    },
    { hash: 'fa6a58bbe2d0ff05534431c8e2f0ef2cbdc1602a8456e4b13c8f3077', role: 'order', name: 'Order V3' },
    {
      hash: '4020e7fc2de75a0729c3cc3af715b34d98381e0cdbcfa99c950bc3ac',
      role: 'pool',
      name: 'Liquidity Pool V1',
    },
    {
      hash: 'e0302560ced2fdcbfcb2602697df970cd0d6a38f94b32703f51c312b',
      role: 'pool',
      name: 'Liquidity Pool V3',
    },
  ],
});
