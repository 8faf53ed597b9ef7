import { describe, expect, it } from 'vitest';
import {
  WalletSet,
  linkActions,
  parseTransaction,
  type TokenInfo,
  type WalletRecord,
} from '../../../../src/domain/index.js';
import { REGISTRY_DATA } from '../../../../src/domain/protocols/registry-data.js';
import { addr, msg674, tx } from '../support/tx-builder.js';

// Real mainnet facts.
const MIN = '29d222ce763455e3d7a09a665ce554f00ac89d2e99a1a83d267170c64d494e';
const MINSWAP_V1_ORDER =
  'addr1zxn9efv2f6w82hagxqtn62ju4m293tqvw0uhmdl64ch8uw6j2c79gy9l76sdg0xwhd7r0c0kna0tycz4y5s6mlenh8pq6s3z70';
const MINSWAP_V2_ORDER_HASH = 'c3e28c36c3447315ba5a56f33da6a6ddc1770a876a8d9f0cb3a97c4c';
const MINSWAP_POOL = addr.script('e1317b152faac13426e6a83e06ff88a4d62cce3c1634ab0a5ec13309');
const SUNDAE_ORDER = addr.script('ba158766c1bae60e2117ee8987621441fac66a5e0fb9c7aca58cf20a');
const JPG_ASK_V1 = addr.script('c727443d77df6cff95dca383994f4c3024d03ff56b02ecc22b0f3f65');
const SPACEBUD =
  'd5e6bf0500378d4f0da4e8dde6becec7621cd8cbf5cbb9b87013d4cc' + Buffer.from('SpaceBud1234').toString('hex');
const LIQWID_ACTION = addr.script('21f07a4f016c05332a390494328968ab3127a4d638150f51a8874134');
const INDIGO = REGISTRY_DATA.find((p) => p.id === 'indigoprotocol')!;
const TOKENS = new Map<string, TokenInfo>([[MIN, { ticker: 'MIN', decimals: 6 }]]);

const ME = addr.stake('33');
const MY_A = addr.base('11', '33');
const MY_B = addr.base('12', '33');
const OTHER = addr.base('77', '78');
const OTHER2 = addr.enterprise('79');
const wallets = WalletSet.from([ME]);

function only(records: WalletRecord[]): WalletRecord {
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe('categories', () => {
  it('receive and send', () => {
    const rec = only(
      parseTransaction(
        tx({
          inputs: [{ address: OTHER, lovelace: 50_000_000 }],
          outputs: [
            { address: MY_A, lovelace: 10_000_000 },
            { address: OTHER, lovelace: 39_830_000 },
          ],
          details: false,
        }),
        wallets,
      ),
    );
    expect(rec).toMatchObject({
      action: 'receive',
      netLovelace: 10_000_000n,
      fee: 0n,
      protocol: null,
      description: 'Received 10 ADA',
    });
    const sent = only(
      parseTransaction(
        tx({
          inputs: [{ address: MY_A, lovelace: 20_000_000 }],
          outputs: [
            { address: OTHER, lovelace: 5_000_000 },
            { address: MY_B, lovelace: 14_830_000 },
          ],
          fee: 170_000,
        }),
        wallets,
      ),
    );
    expect(sent).toMatchObject({ action: 'send', netLovelace: -5_170_000n, fee: 170_000n });
  });

  it('self transfer within one stake wallet', () => {
    const rec = only(
      parseTransaction(
        tx({
          inputs: [{ address: MY_A, lovelace: 20_000_000 }],
          outputs: [{ address: MY_B, lovelace: 19_830_000 }],
          fee: 170_000,
        }),
        wallets,
      ),
    );
    expect(rec).toMatchObject({ action: 'self_transfer', netLovelace: -170_000n, fee: 170_000n });
  });

  it('stake registration + delegation (account events), deregistration and delegation from details', () => {
    const reg = only(
      parseTransaction(
        tx({
          inputs: [{ address: MY_A, lovelace: 10_000_000 }],
          outputs: [{ address: MY_A, lovelace: 7_830_000 }],
          fee: 170_000,
          deposit: 2_000_000,
          stakeCerts: 1,
          delegations: 1,
          accountEvents: [
            { kind: 'registration', stakeAddress: ME, deposit: '2000000' },
            {
              kind: 'delegation',
              stakeAddress: ME,
              poolId: 'pool1pu5jlj4q9w9jlxeu370a3c9myx47md5j5m2str0naunn2q3lkdy',
            },
          ],
        }),
        wallets,
      ),
    );
    expect(reg).toMatchObject({
      action: 'stake_registration',
      deposit: 2_000_000n,
      netLovelace: -2_170_000n,
    });
    const dereg = only(
      parseTransaction(
        tx({
          inputs: [{ address: MY_A, lovelace: 7_830_000 }],
          outputs: [{ address: MY_A, lovelace: 9_660_000 }],
          fee: 170_000,
          deposit: -2_000_000,
          stakeCerts: 1,
        }),
        wallets,
      ),
    );
    expect(dereg).toMatchObject({
      action: 'stake_deregistration',
      deposit: -2_000_000n,
      netLovelace: 1_830_000n,
    });
    expect(dereg.description).toBe('Deregistered stake key (deposit refund 2 ADA)');
    const deleg = only(
      parseTransaction(
        tx({
          inputs: [{ address: MY_A, lovelace: 9_660_000 }],
          outputs: [{ address: MY_A, lovelace: 9_490_000 }],
          fee: 170_000,
          delegations: 1,
        }),
        wallets,
      ),
    );
    expect(deleg.action).toBe('delegation');
  });

  it('reward withdrawal from account events (amount) even when another account also withdraws', () => {
    const rec = only(
      parseTransaction(
        tx({
          inputs: [{ address: MY_A, lovelace: 5_000_000 }],
          outputs: [{ address: MY_A, lovelace: 6_830_000 }],
          fee: 170_000,
          withdrawals: 2,
          accountEvents: [
            { kind: 'withdrawal', stakeAddress: ME, amount: '1500000' },
            { kind: 'withdrawal', stakeAddress: addr.stake('78'), amount: '500000' },
          ],
        }),
        wallets,
      ),
    );
    expect(rec).toMatchObject({
      action: 'reward_withdrawal',
      withdrawal: 1_500_000n,
      netLovelace: 1_830_000n,
    });
    expect(rec.description).toBe('Withdrew 1.5 ADA of staking rewards');
  });

  it('Minswap V1 market order, batcher fill, and one linked action', () => {
    const order = tx({
      inputs: [{ address: MY_A, lovelace: 200_000_000 }],
      outputs: [
        { address: MINSWAP_V1_ORDER, lovelace: 104_000_000 },
        { address: MY_A, lovelace: 95_800_000 },
      ],
      fee: 200_000,
      metadata: msg674('Minswap: Market Order'),
    });
    const orderRec = only(parseTransaction(order, wallets, { tokens: TOKENS }));
    expect(orderRec).toMatchObject({
      action: 'swap_order',
      protocol: 'minswap',
      link: { key: `${order.hash}#0`, role: 'order' },
    });
    expect(orderRec.description).toBe('Placed a swap order on Minswap: 104 ADA');

    // The batcher spends the order (and many others) and pays us MIN + the 2 ADA deposit back.
    const fill = tx({
      inputs: [
        { address: MINSWAP_POOL, lovelace: 5_000_000_000_000, tokens: { [MIN]: 100_000_000_000_000 } },
        { address: MINSWAP_V1_ORDER, lovelace: 104_000_000, from: `${order.hash}#0` },
        { address: MINSWAP_V1_ORDER, lovelace: 50_000_000, from: `${'e'.repeat(64)}#1` },
        { address: OTHER2, lovelace: 10_000_000 },
      ],
      outputs: [
        { address: MINSWAP_POOL, lovelace: 5_000_100_000_000, tokens: { [MIN]: 99_997_587_500_000 } },
        { address: MY_B, lovelace: 2_000_000, tokens: { [MIN]: 2_412_500_000 } },
        { address: OTHER, lovelace: 48_000_000 },
        { address: OTHER2, lovelace: 13_800_000 },
      ],
      fee: 200_000,
    });
    const openOrders = [{ key: `${order.hash}#0`, walletAddress: ME }];
    const fillRec = only(parseTransaction(fill, wallets, { tokens: TOKENS, openOrders }));
    expect(fillRec).toMatchObject({
      action: 'swap_fill',
      protocol: 'minswap',
      fee: 0n,
      link: { key: `${order.hash}#0`, role: 'fill' },
      flows: new Map([
        ['lovelace', 2_000_000n],
        [MIN, 2_412_500_000n],
      ]),
    });
    expect(fillRec.description).toBe('Swap filled on Minswap: received 2 ADA and 2,412.5 MIN');

    const { actions, openOrders: stillOpen } = linkActions([fillRec, orderRec], [], TOKENS);
    expect(stillOpen).toEqual([]);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      linkKey: `${order.hash}#0`,
      walletAddress: ME,
      actionType: 'swap_order',
      protocol: 'minswap',
      status: 'completed',
    });
    expect(actions[0]!.steps.map((s) => [s.sequenceNumber, s.role, s.txHash])).toEqual([
      [0, 'order', order.hash],
      [1, 'fill', fill.hash],
    ]);
    expect(actions[0]!.description).toBe('Swapped 102.2 ADA for 2,412.5 MIN on Minswap');
  });

  it('links across calls: the order first, its fill later with the open orders passed back', () => {
    const order = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000, tokens: { [MIN]: 5_000_000_000 } }],
      outputs: [
        {
          address: addr.script(MINSWAP_V2_ORDER_HASH, '33'),
          lovelace: 4_000_000,
          tokens: { [MIN]: 5_000_000_000 },
        },
        { address: MY_A, lovelace: 5_800_000 },
      ],
      fee: 200_000,
      metadata: msg674('Minswap: Market Order'),
    });
    const first = linkActions(parseTransaction(order, wallets));
    expect(first.actions[0]!.status).toBe('open');
    expect(first.openOrders).toEqual([
      { key: `${order.hash}#0`, walletAddress: ME, action: 'swap_order', protocol: 'minswap' },
    ]);
    // Token → ADA: we get only ADA back, and the MIN is gone: a fill, not a refund.
    const fill = tx({
      inputs: [
        {
          address: addr.script(MINSWAP_V2_ORDER_HASH, '33'),
          lovelace: 4_000_000,
          tokens: { [MIN]: 5_000_000_000 },
          from: `${order.hash}#0`,
        },
        { address: OTHER2, lovelace: 5_000_000 },
      ],
      outputs: [{ address: MY_A, lovelace: 9_000_000 }],
      fee: 200_000,
    });
    const fillRec = only(parseTransaction(fill, wallets, { openOrders: first.openOrders }));
    expect(fillRec).toMatchObject({ action: 'swap_fill', link: { key: `${order.hash}#0`, role: 'fill' } });
    const second = linkActions([fillRec], first.openOrders);
    expect(second.actions[0]!.status).toBe('completed');
    expect(second.actions[0]!.steps.map((s) => s.sequenceNumber)).toEqual([1]);
    expect(second.openOrders).toEqual([]);
  });

  it('Minswap V2 order at an address carrying our own stake credential: order, then token refund', () => {
    // Real V2 orders are paid to the order script with the owner's stake key: the order stays part of
    // the stake account (Blockfrost's controlled_amount counts it), so only the fee leaves.
    const ORDER = addr.script(MINSWAP_V2_ORDER_HASH, '33');
    const order = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000, tokens: { [MIN]: 5_000_000_000 } }],
      outputs: [
        { address: ORDER, lovelace: 4_000_000, tokens: { [MIN]: 5_000_000_000 } },
        { address: MY_A, lovelace: 5_800_000 },
      ],
      fee: 200_000,
      metadata: msg674('Minswap: Market Order'),
    });
    const o = only(parseTransaction(order, wallets, { tokens: TOKENS }));
    expect(o).toMatchObject({
      action: 'swap_order',
      netLovelace: -200_000n,
      link: { key: `${order.hash}#0` },
    });
    expect(o.flows).toEqual(new Map([['lovelace', -200_000n]]));
    expect(o.description).toBe('Placed a swap order on Minswap: 4 ADA and 5,000 MIN');
    const refund = tx({
      inputs: [
        { address: ORDER, lovelace: 4_000_000, tokens: { [MIN]: 5_000_000_000 }, from: `${order.hash}#0` },
      ],
      outputs: [
        { address: MY_A, lovelace: 2_000_000, tokens: { [MIN]: 5_000_000_000 } },
        { address: OTHER2, lovelace: 1_800_000 },
      ],
      fee: 200_000,
    });
    // No open-order knowledge needed: the order input is ours by its stake credential.
    const r = only(parseTransaction(refund, wallets));
    expect(r).toMatchObject({
      action: 'swap_refund',
      link: { key: `${order.hash}#0`, role: 'refund' },
      netLovelace: -2_000_000n,
    });
    // The batcher's fee input is not ours, so we do not pay the transaction fee.
    expect(r.fee).toBe(0n);
  });

  it('SundaeSwap order refunded (the order datum names our credential)', () => {
    const order = tx({
      inputs: [{ address: MY_A, lovelace: 60_000_000 }],
      outputs: [
        { address: SUNDAE_ORDER, lovelace: 54_500_000 },
        { address: MY_A, lovelace: 5_300_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(order, wallets))).toMatchObject({
      action: 'swap_order',
      protocol: 'sundaeswap',
    });
    const refund = tx({
      inputs: [
        {
          address: SUNDAE_ORDER,
          lovelace: 54_500_000,
          from: `${order.hash}#0`,
          inlineDatum: `d8799f581c${'33'.repeat(28)}ff`,
        },
        {
          address: SUNDAE_ORDER,
          lovelace: 9_000_000,
          from: `${'d'.repeat(64)}#0`,
          inlineDatum: `d8799f581c${'78'.repeat(28)}ff`,
        },
      ],
      outputs: [
        { address: MY_A, lovelace: 52_000_000 },
        { address: OTHER, lovelace: 7_000_000 },
      ],
      fee: 300_000,
    });
    expect(only(parseTransaction(refund, wallets))).toMatchObject({
      action: 'swap_refund',
      protocol: 'sundaeswap',
      link: { key: `${order.hash}#0`, role: 'refund' },
    });
  });

  it('WingRiders request refunded with its token; an unidentifiable order in a batch is not linked', () => {
    const WR_REQUEST = addr.script('86ae9eebd8b97944a45201e4aec1330a72291af2d071644bba015959');
    const order = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000, tokens: { [MIN]: 7_000_000 } }],
      outputs: [
        { address: WR_REQUEST, lovelace: 4_000_000, tokens: { [MIN]: 7_000_000 } },
        { address: MY_A, lovelace: 5_800_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(order, wallets))).toMatchObject({
      action: 'swap_order',
      protocol: 'wingriders',
    });
    const refund = tx({
      inputs: [
        { address: WR_REQUEST, lovelace: 4_000_000, tokens: { [MIN]: 7_000_000 }, from: `${order.hash}#0` },
      ],
      outputs: [
        { address: MY_A, lovelace: 2_000_000, tokens: { [MIN]: 7_000_000 } },
        { address: OTHER2, lovelace: 1_800_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(refund, wallets))).toMatchObject({
      action: 'swap_refund',
      protocol: 'wingriders',
      link: { key: `${order.hash}#0`, role: 'refund' },
    });
    // Two order inputs with datum hashes only and no open-order knowledge: which one is ours is unknown.
    const batch = tx({
      inputs: [
        { address: WR_REQUEST, lovelace: 4_000_000, tokens: { [MIN]: 7_000_000 }, from: `${order.hash}#0` },
        { address: WR_REQUEST, lovelace: 9_000_000, from: `${'c'.repeat(64)}#0` },
      ],
      outputs: [
        { address: MY_A, lovelace: 2_000_000, tokens: { [MIN]: 7_000_000 } },
        { address: OTHER, lovelace: 10_800_000 },
      ],
      fee: 200_000,
    });
    const rec = only(parseTransaction(batch, wallets));
    expect(rec).toMatchObject({ action: 'contract_interaction', protocol: 'wingriders' });
    expect(rec.link).toBeUndefined();
    // With the open orders the sync keeps, it is linked.
    expect(
      only(parseTransaction(batch, wallets, { openOrders: [{ key: `${order.hash}#0`, walletAddress: ME }] })),
    ).toMatchObject({
      action: 'swap_refund',
      link: { key: `${order.hash}#0`, role: 'refund' },
    });
  });

  it('a batcher paying one wallet for an order another wallet of the user placed is identified', () => {
    const PAY = addr.enterprise('21');
    const user = WalletSet.from([ME, PAY]);
    const orderKey = `${'b'.repeat(64)}#0`;
    const batch = tx({
      inputs: [
        { address: MINSWAP_V1_ORDER, lovelace: 104_000_000, from: orderKey },
        { address: MINSWAP_V1_ORDER, lovelace: 50_000_000, from: `${'e'.repeat(64)}#1` },
      ],
      outputs: [
        { address: MY_A, lovelace: 2_000_000, tokens: { [MIN]: 9 } },
        { address: OTHER, lovelace: 151_800_000 },
      ],
      fee: 200_000,
    });
    expect(
      only(parseTransaction(batch, user, { openOrders: [{ key: orderKey, walletAddress: PAY }] })),
    ).toMatchObject({
      walletAddress: ME,
      action: 'swap_fill',
      link: { key: orderKey, role: 'fill' },
    });
  });

  it('Minswap liquidity add / remove by CIP-20 message', () => {
    const add = tx({
      inputs: [{ address: MY_A, lovelace: 100_000_000, tokens: { [MIN]: 1_000_000_000 } }],
      outputs: [
        { address: MINSWAP_V1_ORDER, lovelace: 54_000_000, tokens: { [MIN]: 1_000_000_000 } },
        { address: MY_A, lovelace: 45_800_000 },
      ],
      fee: 200_000,
      metadata: msg674('Minswap: Deposit Order'),
    });
    expect(only(parseTransaction(add, wallets)).action).toBe('liquidity_add');
    const remove = tx({
      inputs: [
        {
          address: MY_A,
          lovelace: 10_000_000,
          tokens: { e4214b7cce62ac6fbba385d164df48e157eae5863521b4b67ca71d86aa: 5 },
        },
      ],
      outputs: [
        {
          address: MINSWAP_V1_ORDER,
          lovelace: 4_000_000,
          tokens: { e4214b7cce62ac6fbba385d164df48e157eae5863521b4b67ca71d86aa: 5 },
        },
        { address: MY_A, lovelace: 5_800_000 },
      ],
      fee: 200_000,
      metadata: msg674('Minswap: Withdraw Order'),
    });
    expect(only(parseTransaction(remove, wallets))).toMatchObject({
      action: 'liquidity_remove',
      protocol: 'minswap',
    });
  });

  it('token mint, NFT mint (CIP-25 721 and CIP-68), token burn', () => {
    const policy = 'ab'.repeat(28);
    const mint = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000 }],
      outputs: [{ address: MY_A, lovelace: 9_800_000, tokens: { [`${policy}54455354`]: 1_000_000 } }],
      fee: 200_000,
    });
    expect(only(parseTransaction(mint, wallets))).toMatchObject({
      action: 'token_mint',
      description: 'Minted 1,000,000 TEST',
    });
    const nft = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000 }],
      outputs: [{ address: MY_A, lovelace: 9_800_000, tokens: { [SPACEBUD]: 1 } }],
      fee: 200_000,
      metadata: [
        {
          label: '721',
          json_metadata: {
            d5e6bf0500378d4f0da4e8dde6becec7621cd8cbf5cbb9b87013d4cc: {
              SpaceBud1234: { name: 'SpaceBud #1234' },
            },
          },
        },
      ],
    });
    expect(only(parseTransaction(nft, wallets))).toMatchObject({
      action: 'nft_mint',
      protocol: null,
      description: 'Minted NFT SpaceBud1234',
    });
    // A policy the registry knows names the protocol.
    const known = REGISTRY_DATA.find((p) => p.policies.length > 0)!;
    const knownMint = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000 }],
      outputs: [{ address: MY_A, lovelace: 9_800_000, tokens: { [`${known.policies[0]}4142`]: 10 } }],
      fee: 200_000,
    });
    expect(only(parseTransaction(knownMint, wallets))).toMatchObject({
      action: 'token_mint',
      protocol: known.id,
    });
    const cip68 = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000 }],
      outputs: [{ address: MY_A, lovelace: 9_800_000, tokens: { [`${policy}000de1404142`]: 1 } }],
      fee: 200_000,
      metadata: msg674('mint'),
    });
    expect(only(parseTransaction(cip68, wallets)).action).toBe('nft_mint');
    const noMetaQty1 = tx({
      inputs: [{ address: MY_A, lovelace: 10_000_000 }],
      outputs: [{ address: MY_A, lovelace: 9_800_000, tokens: { [`${policy}41`]: 1 } }],
      fee: 200_000,
      metadata: msg674('not an nft'),
    });
    expect(only(parseTransaction(noMetaQty1, wallets)).action).toBe('token_mint');
    const burn = tx({
      inputs: [{ address: MY_A, lovelace: 9_800_000, tokens: { [`${policy}54455354`]: 1_000_000 } }],
      outputs: [{ address: MY_A, lovelace: 9_600_000, tokens: { [`${policy}54455354`]: 400_000 } }],
      fee: 200_000,
    });
    expect(only(parseTransaction(burn, wallets))).toMatchObject({
      action: 'token_burn',
      description: 'Burned 600,000 TEST',
    });
  });

  it('jpg.store listing, purchase and sale', () => {
    const listing = tx({
      inputs: [{ address: MY_A, lovelace: 5_000_000, tokens: { [SPACEBUD]: 1 } }],
      outputs: [
        { address: JPG_ASK_V1, lovelace: 2_000_000, tokens: { [SPACEBUD]: 1 } },
        { address: MY_A, lovelace: 2_800_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(listing, wallets))).toMatchObject({
      action: 'nft_listing',
      protocol: 'jpgstore',
    });
    const purchase = tx({
      inputs: [
        { address: JPG_ASK_V1, lovelace: 2_000_000, tokens: { [SPACEBUD]: 1 } },
        { address: MY_A, lovelace: 500_000_000 },
      ],
      outputs: [
        { address: MY_A, lovelace: 2_000_000, tokens: { [SPACEBUD]: 1 } },
        { address: OTHER, lovelace: 440_000_000 },
        { address: addr.enterprise('99'), lovelace: 10_000_000 },
        { address: MY_B, lovelace: 49_700_000 },
      ],
      fee: 300_000,
    });
    expect(only(parseTransaction(purchase, wallets))).toMatchObject({
      action: 'nft_purchase',
      protocol: 'jpgstore',
      netLovelace: -448_300_000n,
    });
    // A listing at a jpg.store address carrying the seller's stake credential keeps the NFT in the account.
    const ownedListing = tx({
      inputs: [{ address: MY_A, lovelace: 5_000_000, tokens: { [SPACEBUD]: 1 } }],
      outputs: [
        {
          address: addr.script('c727443d77df6cff95dca383994f4c3024d03ff56b02ecc22b0f3f65', '33'),
          lovelace: 2_000_000,
          tokens: { [SPACEBUD]: 1 },
        },
        { address: MY_A, lovelace: 2_800_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(ownedListing, wallets))).toMatchObject({
      action: 'nft_listing',
      netLovelace: -200_000n,
    });
    // The seller's side of the same sale.
    const seller = WalletSet.from([OTHER]);
    expect(only(parseTransaction(purchase, seller))).toMatchObject({
      action: 'nft_sale',
      protocol: 'jpgstore',
      netLovelace: 440_000_000n,
      fee: 0n,
    });
  });

  it('lending (Liqwid), known contract (Indigo), unknown script, unknown', () => {
    const lend = tx({
      inputs: [{ address: MY_A, lovelace: 100_000_000 }],
      outputs: [
        { address: LIQWID_ACTION, lovelace: 95_000_000 },
        { address: MY_A, lovelace: 4_800_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(lend, wallets))).toMatchObject({
      action: 'lending',
      protocol: 'liqwidfinance',
    });
    const indigo = tx({
      inputs: [{ address: MY_A, lovelace: 100_000_000 }],
      outputs: [
        { address: addr.script(INDIGO.scripts[0]!.hash), lovelace: 95_000_000 },
        { address: MY_A, lovelace: 4_800_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(indigo, wallets))).toMatchObject({
      action: 'contract_interaction',
      protocol: 'indigoprotocol',
      description: 'Smart contract interaction on Indigo Protocol: sent 95.2 ADA',
    });
    const unknownScript = tx({
      inputs: [{ address: MY_A, lovelace: 100_000_000 }],
      outputs: [
        { address: addr.script('99'.repeat(28)), lovelace: 95_000_000 },
        { address: MY_A, lovelace: 4_800_000 },
      ],
      fee: 200_000,
    });
    expect(only(parseTransaction(unknownScript, wallets))).toMatchObject({
      action: 'contract_interaction',
      protocol: null,
    });
    // Our output and input cancel out and someone else pays the fee: nothing moved for us.
    const nothing = tx({
      inputs: [
        { address: MY_A, lovelace: 1_000_000 },
        { address: OTHER, lovelace: 5_000_000 },
      ],
      outputs: [
        { address: MY_A, lovelace: 1_000_000 },
        { address: OTHER, lovelace: 4_800_000 },
      ],
      fee: 200_000,
    });
    const rec = only(parseTransaction(nothing, wallets));
    expect(rec).toMatchObject({ netLovelace: 0n, action: 'unknown', fee: 200_000n });
  });
});
