import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../../src/db/repositories/index.js';
import type { NewWalletTransaction } from '../../../src/db/repositories/transaction-repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const ADDR =
  'addr1qxv0q8r02xlrea3nr3p0zthpg5slg2sk263rszm6cmgnx259ckxhkvuc5xj49rw6zrp443wlygmhv8gwcu38jk6ms6usyu5v2j';
const TOKEN = 'ab'.repeat(28) + '4d494e';

const row = (n: number, flows: NewWalletTransaction['flows'], action?: NewWalletTransaction['action']) => ({
  txHash: n.toString(16).padStart(64, '0'),
  blockHeight: 100 + n,
  txTimestamp: new Date(Date.UTC(2021, 5, n)),
  txAction: 'receive',
  txProtocol: null,
  description: `tx ${n}`,
  netAdaChange: flows.find((f) => f.unit === 'lovelace')?.quantity ?? 0n,
  fees: 0n,
  metadata: { deposit: '0' },
  flows,
  action: action ?? null,
});

describe('TransactionRepository.upsertBatchWithCursor: one atomic statement (PostgreSQL)', () => {
  let db: TestDatabase;
  let repos: Repositories;
  let userId: string;
  let walletId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    repos = createRepositories(db);
    userId = (await repos.users.findOrCreateByAddress(ADDR)).user.id;
    walletId = (await repos.wallets.add(userId, { address: ADDR, kind: 'payment' })).id;
  });
  afterAll(async () => db?.drop());

  it('writes records, flows, actions and the cursor together; a rerun is idempotent and drops stale flows', async () => {
    const order = {
      linkKey: 'c'.repeat(64) + '#0',
      sequenceNumber: 0,
      actionType: 'swap_order',
      protocol: 'minswap',
      status: 'open' as const,
      description: 'Order open',
      startedAt: new Date(Date.UTC(2021, 5, 1)),
      completedAt: null,
    };
    const rows = [
      row(1, [{ unit: 'lovelace', quantity: -5_000_000n }], order),
      row(2, [
        { unit: 'lovelace', quantity: 2_000_000n },
        { unit: TOKEN, quantity: 7n },
      ]),
    ];
    const cursor = { walletId, blockHeight: 102, blockHash: 'f'.repeat(64), syncedAt: new Date() };
    expect(await repos.transactions.upsertBatchWithCursor(userId, ADDR, rows, cursor)).toEqual({
      written: 2,
      cursorMoved: true,
    });
    const wallet = await repos.wallets.get(userId, walletId);
    expect(wallet!.cursor).toEqual({ blockHeight: 102, blockHash: 'f'.repeat(64) });
    const stored = await repos.transactions.listByWallet(userId, ADDR);
    expect(stored.map((r) => r.sequenceNumber)).toEqual([0, null]);
    expect(stored[0]!.actionId).not.toBeNull();
    expect(await repos.transactions.openActions(userId)).toMatchObject([
      { linkKey: order.linkKey, actionType: 'swap_order', orderTxHash: rows[0]!.txHash },
    ]);

    // Rerun with the token flow gone and the order filled in the same batch.
    const fill = { ...order, sequenceNumber: 1, status: 'completed' as const, completedAt: new Date() };
    const again = [rows[0]!, { ...row(2, [{ unit: 'lovelace', quantity: 2_000_000n }]), action: fill }];
    await repos.transactions.upsertBatchWithCursor(userId, ADDR, again, cursor);
    const after = await repos.transactions.listByWallet(userId, ADDR);
    expect(after.map((r) => r.id)).toEqual(stored.map((r) => r.id));
    expect(await repos.transactions.flows(userId, after[1]!.id)).toEqual([
      { unit: 'lovelace', quantity: 2_000_000n },
    ]);
    expect(await db.prisma.action.count()).toBe(1);
    expect(await repos.transactions.openActions(userId)).toEqual([]);
    expect(await db.prisma.assetFlow.count()).toBe(2);
  });

  it('deleteAboveHeight (rollback) reopens an action that lost its fill and deletes one left with no record', async () => {
    const addr = ADDR.slice(0, -4) + 'zzzz'; // another wallet of the same user: its own rows only
    const order = {
      linkKey: 'd'.repeat(64) + '#0',
      sequenceNumber: 0,
      actionType: 'swap_order',
      protocol: 'minswap',
      status: 'open' as const,
      description: 'Order open',
      startedAt: new Date(Date.UTC(2021, 5, 10)),
      completedAt: null,
    };
    const fill = {
      ...order,
      sequenceNumber: 1,
      status: 'completed' as const,
      description: 'Swapped',
      completedAt: new Date(Date.UTC(2021, 5, 12)),
    };
    // Order at height 110, fill at 112.
    await repos.transactions.upsertBatch(userId, addr, [
      row(10, [{ unit: 'lovelace', quantity: -5_000_000n }], order),
      row(12, [{ unit: TOKEN, quantity: 9n }], fill),
    ]);
    const action = () =>
      db.prisma.action.findMany({
        where: { walletAddress: addr },
        select: { status: true, completedAt: true },
      });
    expect(await action()).toEqual([{ status: 'completed', completedAt: fill.completedAt }]);

    expect(await repos.transactions.deleteAboveHeight(userId, addr, 111)).toBe(1);
    expect(await action()).toEqual([{ status: 'open', completedAt: null }]);
    expect((await repos.transactions.openActions(userId)).map((a) => a.linkKey)).toContain(order.linkKey);

    expect(await repos.transactions.deleteAboveHeight(userId, addr, 100)).toBe(1);
    expect(await action()).toEqual([]);
    // The other wallet's action is untouched.
    expect(await db.prisma.action.count({ where: { walletAddress: ADDR } })).toBe(1);
  });

  it('SnapshotRepository.replaceFrom rewrites the rows from a day on, in one statement', async () => {
    const d = (day: number) => new Date(Date.UTC(2021, 5, day));
    await repos.snapshots.replaceFrom(userId, ADDR, new Date(0), [
      { asOf: d(1), tokenUnit: 'lovelace', quantity: 5n },
      { asOf: d(2), tokenUnit: 'lovelace', quantity: 7n },
      { asOf: d(2), tokenUnit: TOKEN, quantity: 1n },
      { asOf: d(3), tokenUnit: 'lovelace', quantity: 9n },
    ]);
    await repos.snapshots.replaceFrom(userId, ADDR, d(2), [
      { asOf: d(2), tokenUnit: 'lovelace', quantity: 8n },
      { asOf: d(4), tokenUnit: 'lovelace', quantity: 10n },
    ]);
    const history = await repos.snapshots.history(userId, ADDR);
    expect(history.map((r) => [r.asOf.getUTCDate(), r.tokenUnit, r.quantity])).toEqual([
      [1, 'lovelace', 5n],
      [2, 'lovelace', 8n],
      [4, 'lovelace', 10n],
    ]);
  });
});
