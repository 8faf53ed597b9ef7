import type { Cip30Api, Cip30Provider } from '../cip30.js';
import { fromHex, hex, loadOrCreateDemoKey, signDataWithDemoKey } from './demo-key-wallet.js';

export { DEMO_WALLET_ID, demoKeySupported } from './demo-key-wallet.js';

/** The demo key as a CIP-30 provider, so sign-in treats it like any wallet extension. */
export function demoKeyProvider(): Cip30Provider {
  return {
    name: 'Demo key (this browser only)',
    apiVersion: '0.1.0',
    async enable(): Promise<Cip30Api> {
      const key = await loadOrCreateDemoKey();
      const addressHex = hex(key.addressBytes);
      return {
        getNetworkId: async () => 1,
        getChangeAddress: async () => addressHex,
        getUsedAddresses: async () => [addressHex],
        getRewardAddresses: async () => [],
        signData: async (_address, payloadHex) => signDataWithDemoKey(key, fromHex(payloadHex)),
      };
    },
  };
}
