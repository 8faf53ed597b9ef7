import { createDexOrderDetector } from '../dex-order-detector.js';

/** WingRiders "Request" (order) and pool scripts, from the crfa registry. */
export const wingridersDetector = createDexOrderDetector({
  id: 'wingriders',
  protocol: { id: 'wingriders', name: 'WingRiders', category: 'DEFI', subCategory: 'AMM_DEX' },
  scripts: [
    { hash: '86ae9eebd8b97944a45201e4aec1330a72291af2d071644bba015959', role: 'order', name: 'Request' },
    { hash: 'e6c90a5923713af5786963dee0fdffd830ca7e0c86a041d9e5833e91', role: 'pool', name: 'Pool' },
  ],
});
