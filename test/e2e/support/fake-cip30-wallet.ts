import CSL from '@emurgo/cardano-serialization-lib-nodejs';
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { cip8Sign } from '../../support/cip8-sign.js';

/**
 * A CIP-30 wallet for browser tests: keys generated here, signatures made in Node with the same
 * libraries a real wallet uses (COSE_Sign1 with the EdDSA algorithm and the `address` protected
 * header; COSE_Key with kty OKP, crv 6, x at -2), and a `window.cardano.<id>` provider injected into
 * every page that forwards `signData` to Node through `exposeFunction`.
 */
export class FakeCip30Wallet {
  readonly paymentKey = CSL.PrivateKey.from_normal_bytes(randomBytes(32));
  readonly stakeKey = CSL.PrivateKey.from_normal_bytes(randomBytes(32));
  readonly baseAddress: string;
  readonly stakeAddress: string;
  /** How many signatures the page asked for. */
  signatures = 0;

  constructor(
    readonly id = 'testwallet',
    readonly name = 'Test Wallet',
  ) {
    const pay = CSL.Credential.from_keyhash(this.paymentKey.to_public().hash());
    const stake = CSL.Credential.from_keyhash(this.stakeKey.to_public().hash());
    this.baseAddress = CSL.BaseAddress.new(1, pay, stake).to_address().to_bech32();
    this.stakeAddress = CSL.RewardAddress.new(1, stake).to_address().to_bech32();
  }

  /** CIP-30 returns addresses as hex bytes. */
  static hex(bech32Address: string): string {
    return Buffer.from(CSL.Address.from_bech32(bech32Address).to_bytes()).toString('hex');
  }

  /** CIP-30 `signData(addr, payload)`: `addr` hex bytes or bech32, `payload` hex bytes. */
  signData(address: string, payloadHex: string): { signature: string; key: string } {
    const parsed = /^(addr|stake)/.test(address)
      ? CSL.Address.from_bech32(address)
      : CSL.Address.from_bytes(Buffer.from(address, 'hex'));
    const bech32 = parsed.to_bech32();
    if (bech32 !== this.baseAddress && bech32 !== this.stakeAddress) {
      // A real wallet refuses to sign for an address it does not own (CIP-30 DataSignError 1).
      throw Object.assign(new Error('address not owned by this wallet'), { code: 1 });
    }
    const key = bech32 === this.stakeAddress ? this.stakeKey : this.paymentKey;
    this.signatures++;
    return cip8Sign(key, parsed.to_bytes(), Buffer.from(payloadHex, 'hex'));
  }

  /** Makes the wallet appear as `window.cardano[id]` in every page of the context. */
  async install(context: BrowserContext): Promise<void> {
    const bridge = `__adafolioSignData_${this.id}`;
    await context.exposeFunction(bridge, (address: string, payloadHex: string) =>
      this.signData(address, payloadHex),
    );
    await context.addInitScript(
      ({ id, name, bridge, changeHex, rewardHex }) => {
        const w = globalThis as unknown as Record<string, unknown> & { cardano?: Record<string, unknown> };
        w.cardano = w.cardano ?? {};
        const sign = w[bridge] as (a: string, p: string) => Promise<{ signature: string; key: string }>;
        w.cardano[id] = {
          name,
          icon: '',
          apiVersion: '0.1.0',
          isEnabled: async () => true,
          enable: async () => ({
            getNetworkId: async () => 1,
            getChangeAddress: async () => changeHex,
            getUsedAddresses: async () => [changeHex],
            getRewardAddresses: async () => [rewardHex],
            signData: async (address: string, payload: string) => {
              try {
                return await sign(address, payload);
              } catch (e) {
                throw { code: 1, info: (e as Error).message };
              }
            },
          }),
        };
      },
      {
        id: this.id,
        name: this.name,
        bridge,
        changeHex: FakeCip30Wallet.hex(this.baseAddress),
        rewardHex: FakeCip30Wallet.hex(this.stakeAddress),
      },
    );
  }
}
