import { describe, expect, it } from 'vitest';
import { ListStage } from '../../../../src/sync/stages/list.stage.js';
import { ProbeStage } from '../../../../src/sync/stages/probe.stage.js';
import { RollbackStage } from '../../../../src/sync/stages/rollback.stage.js';
import { addr, tx } from '../../domain/support/tx-builder.js';
import { blockHash, FakeSyncChain, makeRun, MemoryChainCache, MemoryRecords, wallet } from './support.js';
import type { ChainTransaction } from '../../../../src/domain/ledger/types.js';

const me = addr.base('11', '22');
const other = addr.enterprise('33');
const pay = (height: number, hash?: string) =>
  tx({
    height,
    ...(hash ? { hash } : {}),
    inputs: [{ address: other, lovelace: 5_000_000 }],
    outputs: [{ address: me, lovelace: 4_800_000 }],
  });

/** Stores a transaction as the wallet's record (what an earlier run wrote). */
function stored(records: MemoryRecords, t: ChainTransaction) {
  records.rows.set(t.hash, {
    txHash: t.hash,
    blockHeight: t.blockHeight,
    txTimestamp: new Date(t.blockTime * 1000),
    txAction: 'receive',
    txProtocol: null,
    description: null,
    netAdaChange: 4_800_000n,
    fees: 0n,
    flows: [{ unit: 'lovelace', quantity: 4_800_000n }],
  });
}

describe('probe stage', () => {
  it('says idle when the newest transaction is the one stored at the cursor, for one request', async () => {
    const t1 = pay(100);
    const chain = new FakeSyncChain([t1]);
    const records = new MemoryRecords();
    stored(records, t1);
    const run = makeRun(chain, wallet(me, { cursor: { blockHeight: 100, blockHash: blockHash(100) } }));
    const result = await new ProbeStage(records, 'account').run(run);
    expect(result.idle).toBe(true);
    expect(chain.calls).toEqual(['latestTx']);
  });

  it('is not idle when a newer transaction exists, or the stored one at the cursor was replaced', async () => {
    const t1 = pay(100);
    const records = new MemoryRecords();
    stored(records, t1);
    const cursor = { blockHeight: 100, blockHash: blockHash(100) };
    const newer = await new ProbeStage(records, 'account').run(
      makeRun(new FakeSyncChain([t1, pay(101)]), wallet(me, { cursor })),
    );
    expect(newer).toMatchObject({ idle: false, latest: { blockHeight: 101 } });
    const replaced = await new ProbeStage(records, 'account').run(
      makeRun(new FakeSyncChain([pay(100, 'b'.repeat(64))]), wallet(me, { cursor })),
    );
    expect(replaced.idle).toBe(false);
  });

  it('makes no request on a first sync, nor for a stake wallet listed address by address', async () => {
    const chain = new FakeSyncChain([pay(100)]);
    const first = await new ProbeStage(new MemoryRecords(), 'account').run(makeRun(chain, wallet(me)));
    const stake = await new ProbeStage(new MemoryRecords(), 'addresses').run(
      makeRun(chain, wallet(addr.stake('22'), { cursor: { blockHeight: 1, blockHash: 'x' } })),
    );
    expect([first.latest, stake.latest]).toEqual([undefined, undefined]);
    expect(chain.calls).toEqual([]);
  });
});

describe('list stage', () => {
  it('lists a stake account address by address into one chain-ordered list without duplicates', async () => {
    const a2 = addr.base('44', '22');
    const shared = tx({
      height: 50,
      inputs: [{ address: me, lovelace: 9_000_000 }],
      outputs: [{ address: a2, lovelace: 8_800_000 }],
    });
    const chain = new FakeSyncChain([pay(60), shared, pay(40)]);
    chain.addresses = [me, a2];
    const refs = await new ListStage('addresses', 2).list(makeRun(chain, wallet(addr.stake('22'))), 0);
    expect(refs.map((r) => r.blockHeight)).toEqual([40, 50, 60]);
    expect(chain.calls.filter((c) => c.startsWith('addressTransactions'))).toHaveLength(2);
  });
});

describe('rollback stage', () => {
  const deps = (records: MemoryRecords, cache: MemoryChainCache, cursors: unknown[]) => ({
    transactions: records,
    chainTransactions: cache,
    wallets: {
      setCursor: async (_u: string, _w: string, c: unknown) => {
        cursors.push(c);
        return true;
      },
    },
    list: new ListStage('account', 2),
    clock: () => new Date(),
  });

  it('keeps only what is above the cursor when the cursor block is intact', async () => {
    const [t1, t2] = [pay(100), pay(101)];
    const records = new MemoryRecords();
    stored(records, t1);
    const chain = new FakeSyncChain([t1, t2]);
    const run = makeRun(chain, wallet(me, { cursor: { blockHeight: 100, blockHash: blockHash(100) } }));
    const listed = await new ListStage('account', 2).list(run, 100);
    const result = await new RollbackStage(deps(records, new MemoryChainCache(), [])).resolve(
      run,
      listed,
      undefined,
    );
    expect(result).toMatchObject({ rollback: null, recordsDeleted: 0 });
    expect(result.refs.map((r) => r.txHash)).toEqual([t2.hash]);
  });

  it('on a lost cursor block: deletes above the last common block, restarts the cursor there, lists again', async () => {
    const [t1, t2, t3] = [pay(100), pay(101), pay(102)];
    const records = new MemoryRecords();
    for (const t of [t1, t2, t3]) stored(records, t);
    const cache = new MemoryChainCache();
    await cache.upsertMany(
      [t1, t2, t3].map((t) => ({
        txHash: t.hash,
        blockHeight: t.blockHeight,
        blockHash: blockHash(t.blockHeight),
        blockTime: t.blockTime,
        txIndex: 0,
        details: null,
        utxos: t.utxos,
        txMetadata: null,
      })),
    );
    // Blocks 101 and 102 were rolled back; a replacement landed at 101.
    const replacement = pay(101, 'c'.repeat(64));
    const chain = new FakeSyncChain([t1, replacement]);
    const run = makeRun(chain, wallet(me, { cursor: { blockHeight: 102, blockHash: blockHash(102) } }));
    const cursors: unknown[] = [];
    const listed = await new ListStage('account', 2).list(run, 102);
    const result = await new RollbackStage(deps(records, cache, cursors)).resolve(run, listed, undefined);
    expect(result.rollback).toEqual({ fromHeight: 102, toHeight: 100 });
    expect(result.recordsDeleted).toBe(2);
    expect([...records.rows.keys()]).toEqual([t1.hash]);
    expect([...cache.entries.keys()]).toEqual([t1.hash]);
    expect(cursors).toEqual([{ blockHeight: 100, blockHash: blockHash(100) }]);
    expect(result.refs.map((r) => r.txHash)).toEqual([replacement.hash]);
  });
});
