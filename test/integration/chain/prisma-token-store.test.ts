import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaTokenStore } from '../../../src/chain/tokens/prisma-token-store.js';
import { emptyTokenRecord } from '../../../src/chain/tokens/token-record-from-asset.js';
import type { TokenRecord } from '../../../src/chain/tokens/token-record.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const POLICY = 'f0ff48bbb7bbe9d59a40f1ce90e9e9d0ff5002ec48f232b49ca0fb9a';
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe('PrismaTokenStore (PostgreSQL)', () => {
  it('stores a record once (first writer wins) and reads it back with its metadata', async () => {
    const store = new PrismaTokenStore({ prisma: db.prisma });
    const record: TokenRecord = {
      unit: POLICY + '484f534b59',
      policyId: POLICY,
      assetName: '484f534b59',
      fingerprint: 'asset17q7r59zlc3dgw0venc80pdv566q6yguw03f0d9',
      name: 'Hosky',
      ticker: 'HOSKY',
      decimals: 0,
      logo: 'iVBORw0KGgo=',
      metadataStandard: 'registry',
      metadata: { registry: { name: 'Hosky', decimals: 0 }, onchain: null },
      fetchedAt: new Date('2026-11-25T12:00:00.000Z'),
    };
    expect(await store.insertIfAbsent(record)).toEqual(record);
    // A second writer (another process that fetched it at the same time) gets the first one's row.
    expect(await store.insertIfAbsent({ ...record, name: 'other', fetchedAt: new Date() })).toEqual(record);
    const empty = emptyTokenRecord(POLICY, new Date('2026-11-25T12:00:01.000Z'));
    expect(await store.insertIfAbsent(empty)).toEqual(empty);
    const found = await store.findMany([record.unit, POLICY, POLICY + 'ff']);
    expect(found.map((r) => r.unit).sort()).toEqual([POLICY, record.unit].sort());
    expect(await store.findMany([])).toEqual([]);
    const row = await db.prisma.token.findUniqueOrThrow({ where: { unit: POLICY } });
    expect(row.metadata).toBeNull();
  });
});
