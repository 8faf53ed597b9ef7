import { createDexOrderDetector } from '../dex-order-detector.js';

/**
 * Minswap (public facts: crfa registry "Batch Order" scripts; V2 order address
 * addr1w8p79rpkcdz8x9d6tft0x0dx5mwuzac2sa4gm8cvkw5hcnqst2ctf from minswap/minswap-dex-v2
 * deployed/mainnet/script.json; CIP-20 messages from Minswap's SDK `MetadataMessage`).
 */
export const minswapDetector = createDexOrderDetector({
  id: 'minswap',
  protocol: { id: 'minswap', name: 'Minswap', category: 'DEFI', subCategory: 'AMM_DEX' },
  scripts: [
    {
      hash: '0ca50950adbb06c5c5f6833924a66ac873e43202588b6d338602d78d',
      role: 'order',
      name: 'Batch Order V1 (launch)',
    },
    {
      hash: 'a65ca58a4e9c755fa830173d2a5caed458ac0c73f97db7faae2e7e3b',
      role: 'order',
      name: 'Batch Order V1',
    },
    { hash: 'c3e28c36c3447315ba5a56f33da6a6ddc1770a876a8d9f0cb3a97c4c', role: 'order', name: 'Order V2' },
    {
      hash: 'e1317b152faac13426e6a83e06ff88a4d62cce3c1634ab0a5ec13309',
      role: 'pool',
      name: 'Liquidity Pool V1',
    },
    {
      hash: 'ea07b733d932129c378af627436e7cbc2ef0bf96e0036bb51b3bde6b',
      role: 'pool',
      name: 'Liquidity Pool V2',
    },
  ],
  messages: [
    'Minswap: Market Order',
    'Minswap: Limit Order',
    'Minswap: Swap Exact In Order',
    'Minswap: Swap Exact Out Order',
    'Minswap: Stop Order',
    'Minswap: OCO Order',
    'Minswap: Deposit Order',
    'Minswap: Withdraw Order',
    'Minswap: Zap Order',
    'Minswap: Cancel Order',
  ],
  liquidityAddMessages: ['Minswap: Deposit Order', 'Minswap: Zap Order', 'Minswap: Zap In Order'],
  liquidityRemoveMessages: ['Minswap: Withdraw Order', 'Minswap: Zap Out Order'],
});
