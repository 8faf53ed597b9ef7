import type { ApiHarness } from './api-harness.js';

export const DAY = 86_400_000;
/** A policy id + asset name used as the test token (decimals 2, ticker TST). */
export const TOKEN_UNIT = 'a'.repeat(56) + '545354';

export interface SeededWallet {
  walletId: string;
  address: string;
  day0: Date;
  txIds: Record<string, string>;
}

/**
 * Writes what a sync would have written for one wallet, through the lead's repositories: five
 * records over six days (a receive with a token, a send, a Minswap order and its fill), their
 * holdings snapshots on the days the balance changed, and the token's metadata.
 */
export async function seedWallet(
  h: ApiHarness,
  userId: string,
  walletId: string,
  address: string,
): Promise<SeededWallet> {
  const day0 = new Date(Date.UTC(2026, 0, 1));
  const at = (d: number, hour = 12) => new Date(day0.getTime() + d * DAY + hour * 3600_000);
  await h.db.prisma.token.upsert({
    where: { unit: TOKEN_UNIT },
    create: {
      unit: TOKEN_UNIT,
      policyId: 'a'.repeat(56),
      assetName: '545354',
      name: 'Test Token',
      ticker: 'TST',
      decimals: 2,
    },
    update: {},
  });
  const orderLink = `${'f'.repeat(64)}#0`;
  await h.repos.transactions.upsertBatch(userId, address, [
    {
      txHash: '01'.repeat(32),
      blockHeight: 100,
      txTimestamp: at(1),
      txAction: 'receive',
      txProtocol: null,
      description: 'Received 10 ADA and 100 TST',
      netAdaChange: 10_000_000n,
      fees: 0n,
      flows: [
        { unit: 'lovelace', quantity: 10_000_000n },
        { unit: TOKEN_UNIT, quantity: 10_000n },
      ],
    },
    {
      txHash: '02'.repeat(32),
      blockHeight: 200,
      txTimestamp: at(3),
      txAction: 'send',
      txProtocol: null,
      description: 'Sent 2.8 ADA',
      netAdaChange: -3_000_000n,
      fees: 200_000n,
      flows: [{ unit: 'lovelace', quantity: -3_000_000n }],
    },
    {
      txHash: '03'.repeat(32),
      blockHeight: 300,
      txTimestamp: at(5),
      txAction: 'swap_order',
      txProtocol: 'minswap',
      description: 'Swap order 2 ADA → TST',
      netAdaChange: -2_000_000n,
      fees: 180_000n,
      flows: [{ unit: 'lovelace', quantity: -2_000_000n }],
      action: {
        linkKey: orderLink,
        sequenceNumber: 0,
        actionType: 'swap',
        protocol: 'minswap',
        status: 'completed',
        description: 'Swap 2 ADA → 50 TST',
        startedAt: at(5),
        completedAt: at(6),
      },
    },
    {
      txHash: '04'.repeat(32),
      blockHeight: 400,
      txTimestamp: at(6),
      txAction: 'swap_fill',
      txProtocol: 'minswap',
      description: 'Swap filled: 50 TST',
      netAdaChange: 0n,
      fees: 0n,
      flows: [{ unit: TOKEN_UNIT, quantity: 5_000n }],
      action: {
        linkKey: orderLink,
        sequenceNumber: 1,
        actionType: 'swap',
        protocol: 'minswap',
        status: 'completed',
        description: 'Swap 2 ADA → 50 TST',
        startedAt: at(5),
        completedAt: at(6),
      },
    },
    {
      txHash: '05'.repeat(32),
      blockHeight: 500,
      txTimestamp: at(6, 18),
      txAction: 'receive',
      txProtocol: null,
      description: 'Received 1 ADA',
      netAdaChange: 1_000_000n,
      fees: 0n,
      flows: [{ unit: 'lovelace', quantity: 1_000_000n }],
    },
  ]);
  const day = (d: number) => new Date(day0.getTime() + d * DAY);
  await h.repos.snapshots.replaceFrom(userId, address, day0, [
    { asOf: day(1), tokenUnit: 'lovelace', quantity: 10_000_000n },
    { asOf: day(1), tokenUnit: TOKEN_UNIT, quantity: 10_000n },
    { asOf: day(3), tokenUnit: 'lovelace', quantity: 6_800_000n },
    { asOf: day(5), tokenUnit: 'lovelace', quantity: 4_620_000n },
    { asOf: day(6), tokenUnit: TOKEN_UNIT, quantity: 15_000n },
    { asOf: day(6), tokenUnit: 'lovelace', quantity: 5_620_000n },
  ]);
  const stored = await h.repos.transactions.listByWallet(userId, address);
  const txIds = Object.fromEntries(stored.map((t) => [t.txHash.slice(0, 2), t.id]));
  return { walletId, address, day0, txIds };
}
