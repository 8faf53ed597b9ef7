import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, type Repositories } from '../../../src/db/repositories/index.js';
import { WalletAlreadyLinkedError } from '../../../src/db/repositories/wallet-repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const ADDR_A =
  'addr1qxv0q8r02xlrea3nr3p0zthpg5slg2sk263rszm6cmgnx259ckxhkvuc5xj49rw6zrp443wlygmhv8gwcu38jk6ms6usyu5v2j';
const STAKE_B = 'stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc';

describe('user-scoped repositories (PostgreSQL)', () => {
  let db: TestDatabase;
  let repos: Repositories;
  let userA: string;
  let userB: string;
  let walletA: string;
  let txA: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    repos = createRepositories(db);
    userA = (await repos.users.findOrCreateByAddress(ADDR_A)).user.id;
    userB = (await repos.users.findOrCreateByAddress(STAKE_B)).user.id;
    walletA = (await repos.wallets.add(userA, { address: ADDR_A, kind: 'payment', label: 'main' })).id;
    await repos.transactions.upsertBatch(userA, ADDR_A, [
      {
        txHash: 'a'.repeat(64),
        blockHeight: 100,
        txTimestamp: new Date('2021-06-01T00:00:00Z'),
        txAction: 'receive',
        txProtocol: null,
        description: 'Received 5 ADA',
        netAdaChange: 5_000_000n,
        fees: 0n,
        flows: [
          { unit: 'lovelace', quantity: 5_000_000n },
          // larger than int64: token quantities are u64 on chain
          { unit: 'ab'.repeat(28) + '4d494e', quantity: 18_446_744_073_709_551_615n },
        ],
      },
    ]);
    txA = (await repos.transactions.listByWallet(userA, ADDR_A))[0]!.id;
    await repos.snapshots.replaceFrom(userA, ADDR_A, new Date('2021-06-01T00:00:00Z'), [
      { asOf: new Date('2021-06-01T00:00:00Z'), tokenUnit: 'lovelace', quantity: 5_000_000n },
    ]);
  });
  afterAll(async () => db?.drop());

  it('first sign-in creates a user, the second finds the same one', async () => {
    const again = await repos.users.findOrCreateByAddress(ADDR_A);
    expect(again).toMatchObject({ created: false, user: { id: userA } });
  });

  it("owner sees own data; another user's ids give null/empty for every method", async () => {
    expect((await repos.wallets.list(userA)).map((w) => w.id)).toEqual([walletA]);
    expect(await repos.wallets.list(userB)).toEqual([]);
    expect(await repos.wallets.get(userB, walletA)).toBeNull();
    expect(await repos.wallets.getByAddress(userB, ADDR_A)).toBeNull();
    expect(await repos.wallets.rename(userB, walletA, 'stolen')).toBeNull();
    expect(
      await repos.wallets.setCursor(userB, walletA, { blockHeight: 1, blockHash: 'x' }, new Date()),
    ).toBe(false);
    expect(
      await repos.wallets.setReconciliation(userB, walletA, {
        status: 'matched',
        computedLovelace: '0',
        chainLovelace: '0',
        differenceLovelace: '0',
        checkedAt: new Date().toISOString(),
      }),
    ).toBe(false);
    expect(await repos.wallets.remove(userB, walletA)).toBe(false);
    expect(await repos.transactions.listByWallet(userB, ADDR_A)).toEqual([]);
    expect(await repos.transactions.get(userB, txA)).toBeNull();
    expect(await repos.transactions.flows(userB, txA)).toEqual([]);
    expect(await repos.transactions.deleteAboveHeight(userB, ADDR_A, 0)).toBe(0);
    expect((await repos.transactions.balances(userB, ADDR_A)).size).toBe(0);
    expect(await repos.snapshots.latest(userB, ADDR_A)).toEqual([]);
    expect(await repos.snapshots.history(userB, ADDR_A)).toEqual([]);
    await repos.snapshots.replaceFrom(userB, ADDR_A, new Date(0), []);
    await repos.snapshots.replaceFrom(userB, ADDR_A, new Date(0), []);
    // Methods added for the sync pipeline.
    expect(await repos.transactions.listRefs(userB, ADDR_A, {})).toEqual([]);
    expect(await repos.transactions.openActions(userB)).toEqual([]);
    expect(await repos.transactions.dailyFlows(userB, ADDR_A)).toEqual([]);
    expect(
      await repos.transactions.upsertBatchWithCursor(userB, ADDR_A, [], {
        walletId: walletA,
        blockHeight: 1,
        blockHash: 'x',
        syncedAt: new Date(),
      }),
    ).toEqual({ written: 0, cursorMoved: false });
    expect(await repos.users.delete(userB === userA ? 'x' : '00000000-0000-0000-0000-000000000000')).toBe(
      false,
    );

    // …and nothing B did changed A's data.
    const wallet = await repos.wallets.get(userA, walletA);
    expect(wallet).toMatchObject({ label: 'main', cursor: null, reconciliation: null });
    expect(await repos.transactions.get(userA, txA)).toMatchObject({ netAdaChange: 5_000_000n });
    expect(await repos.transactions.flows(userA, txA)).toEqual([
      { unit: 'ab'.repeat(28) + '4d494e', quantity: 18_446_744_073_709_551_615n },
      { unit: 'lovelace', quantity: 5_000_000n },
    ]);
    expect(await repos.snapshots.latest(userA, ADDR_A)).toHaveLength(1);
    expect(await repos.transactions.listRefs(userA, ADDR_A, {})).toEqual([
      { txHash: 'a'.repeat(64), blockHeight: 100 },
    ]);
    expect(await repos.transactions.dailyFlows(userA, ADDR_A)).toEqual([
      {
        day: new Date('2021-06-01T00:00:00Z'),
        unit: 'ab'.repeat(28) + '4d494e',
        quantity: 18_446_744_073_709_551_615n,
      },
      { day: new Date('2021-06-01T00:00:00Z'), unit: 'lovelace', quantity: 5_000_000n },
    ]);
  });

  it('malformed ids are "not found", not database errors', async () => {
    expect(await repos.wallets.get(userA, 'not-a-uuid')).toBeNull();
    expect(await repos.transactions.get('nope', txA)).toBeNull();
  });

  it('the same address can be linked by two users, but only once per user', async () => {
    const b = await repos.wallets.add(userB, { address: ADDR_A, kind: 'payment' });
    expect(b.userId).toBe(userB);
    await expect(repos.wallets.add(userA, { address: ADDR_A, kind: 'payment' })).rejects.toBeInstanceOf(
      WalletAlreadyLinkedError,
    );
    expect(await repos.transactions.listByWallet(userB, ADDR_A)).toEqual([]);
    expect(await repos.wallets.remove(userB, b.id)).toBe(true);
  });

  it('upserts are idempotent and removing a wallet removes its records', async () => {
    const row = (await repos.transactions.listByWallet(userA, ADDR_A))[0]!;
    await repos.transactions.upsertBatch(userA, ADDR_A, [
      {
        txHash: row.txHash,
        blockHeight: 100,
        txTimestamp: row.txTimestamp,
        txAction: 'receive',
        txProtocol: null,
        description: 'Received 5 ADA',
        netAdaChange: 5_000_000n,
        fees: 0n,
        flows: [{ unit: 'lovelace', quantity: 5_000_000n }],
      },
    ]);
    expect(await repos.transactions.listByWallet(userA, ADDR_A)).toHaveLength(1);
    expect((await repos.transactions.balances(userA, ADDR_A)).get('lovelace')).toBe(5_000_000n);
    expect(await repos.wallets.remove(userA, walletA)).toBe(true);
    expect(await repos.transactions.listByWallet(userA, ADDR_A)).toEqual([]);
    expect(await repos.snapshots.history(userA, ADDR_A)).toEqual([]);
    expect(await db.prisma.assetFlow.count()).toBe(0);
  });
});
