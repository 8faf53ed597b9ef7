import { describe, expect, it } from 'vitest';
import { BatchPipeline } from '../../../../src/sync/stages/batch-pipeline.js';
import { FetchStage } from '../../../../src/sync/stages/fetch.stage.js';
import { BatchParser } from '../../../../src/sync/stages/parse.stage.js';
import { WriteStage } from '../../../../src/sync/stages/write.stage.js';
import type { FetchedTx } from '../../../../src/sync/stages/sync-run.js';
import { addr, tx } from '../../domain/support/tx-builder.js';
import { blockHash, FakeSyncChain, makeRun, MemoryChainCache, MemoryRecords, wallet } from './support.js';

const me = addr.base('11', '22');
const other = addr.enterprise('33');
const receive = (height: number) =>
  tx({
    height,
    inputs: [{ address: other, lovelace: 5_000_000 }],
    outputs: [{ address: me, lovelace: 4_800_000 }],
  });
const send = (height: number) =>
  tx({
    height,
    inputs: [{ address: me, lovelace: 10_000_000 }],
    outputs: [
      { address: other, lovelace: 3_000_000 },
      { address: me, lovelace: 6_830_000 },
    ],
  });
const refOf = (t: ReturnType<typeof tx>) => ({
  txHash: t.hash,
  blockHeight: t.blockHeight,
  txIndex: t.txIndex,
  blockTime: t.blockTime,
});

describe('fetch stage', () => {
  it('fetches UTxOs once, infers a plain fee, asks /txs only for the last block hash, and caches what it fetched', async () => {
    const [a, b, c] = [send(100), receive(101), receive(102)];
    const chain = new FakeSyncChain([a, b, c]);
    const cache = new MemoryChainCache();
    const run = makeRun(chain, wallet(me));
    const out = await new FetchStage(cache, { concurrency: 2, inferPlainFees: true }).fetchBatch(
      run,
      [a, b, c].map(refOf),
    );
    expect(chain.calls.filter((x) => x.startsWith('utxos'))).toHaveLength(3);
    expect(chain.calls.filter((x) => x.startsWith('tx:'))).toEqual([`tx:${c.hash.slice(0, 6)}`]);
    expect(run.stats).toEqual({ utxos: 3, details: 1, cached: 0, inferred: 1 });
    expect(out[0]!.details?.fees).toBe('170000'); // 10 − 3 − 6.83 ADA, from the UTxOs alone
    expect(out[2]!.blockHash).toBe(blockHash(102));
    // Inferred facts are not cached: only what the chain answered.
    expect(cache.entries.get(a.hash)?.details).toBeNull();
    expect(cache.entries.size).toBe(3);

    const again = makeRun(chain, wallet(me));
    chain.calls = [];
    await new FetchStage(cache, { concurrency: 2, inferPlainFees: true }).fetchBatch(
      again,
      [b, c].map(refOf),
    );
    expect(chain.calls).toEqual([]);
    expect(again.stats.cached).toBe(2);
  });

  it('without fee inference a wallet-funded transaction costs its /txs request', async () => {
    const [a, b] = [send(100), receive(101)];
    const chain = new FakeSyncChain([a, b]);
    const run = makeRun(chain, wallet(me));
    await new FetchStage(new MemoryChainCache(), { concurrency: 1, inferPlainFees: false }).fetchBatch(
      run,
      [a, b].map(refOf),
    );
    expect(run.stats).toMatchObject({ details: 2, inferred: 0 });
  });
});

describe('parse stage', () => {
  it('turns fetched chain data into this wallet’s records, from its point of view', () => {
    const [a, b] = [receive(100), send(101)];
    const run = makeRun(new FakeSyncChain([]), wallet(me));
    const fetched: FetchedTx[] = [a, b].map((t) => ({
      ref: refOf(t),
      utxos: t.utxos,
      details: { ...t.details!, block: blockHash(t.blockHeight), block_height: t.blockHeight },
      blockHash: blockHash(t.blockHeight),
    }));
    const rows = new BatchParser(run, []).parse(fetched);
    expect(rows.map((r) => [r.txAction, r.netAdaChange, r.fees])).toEqual([
      ['receive', 4_800_000n, 0n],
      ['send', -3_170_000n, 170_000n],
    ]);
  });
});

describe('write stage and batch pipeline', () => {
  it('writes batches of whole blocks, each with its cursor, and tallies a fresh wallet’s flows', async () => {
    const txs = [receive(100), receive(101), send(102)];
    const chain = new FakeSyncChain(txs);
    const records = new MemoryRecords();
    const cursors: number[] = [];
    const spy = {
      upsertBatchWithCursor: async (...args: Parameters<MemoryRecords['upsertBatchWithCursor']>) => {
        cursors.push(args[3].blockHeight);
        return records.upsertBatchWithCursor(...args);
      },
    };
    const run = makeRun(chain, wallet(me), { fresh: true });
    const pipeline = new BatchPipeline({
      transactions: records,
      fetch: new FetchStage(new MemoryChainCache(), { concurrency: 2, inferPlainFees: true }),
      write: new WriteStage(spy, () => new Date()),
      batchSize: 2,
    });
    const result = await pipeline.run(run, txs.map(refOf));
    expect(result).toEqual({ records: 3, cursor: { blockHeight: 102, blockHash: blockHash(102) } });
    expect(cursors).toEqual([101, 102]);
    expect(run.fresh!.balances.get('lovelace')).toBe(4_800_000n * 2n - 3_170_000n);
    expect(await records.balances()).toEqual(run.fresh!.balances);
  });

  it('reads the cursor block’s hash when the batch’s last transaction did not carry it', async () => {
    const t = receive(100);
    const chain = new FakeSyncChain([t]);
    const run = makeRun(chain, wallet(me));
    const records = new MemoryRecords();
    const out = await new WriteStage(records, () => new Date()).write(run, [], {
      ref: refOf(t),
      utxos: t.utxos,
      details: null,
      blockHash: '',
    });
    expect(out.cursor).toEqual({ blockHeight: 100, blockHash: blockHash(100) });
    expect(chain.calls).toEqual(['block:100']);
  });

  it('writes nothing and asks nothing when nothing is listed', async () => {
    const chain = new FakeSyncChain([]);
    const records = new MemoryRecords();
    const pipeline = new BatchPipeline({
      transactions: records,
      fetch: new FetchStage(new MemoryChainCache(), { concurrency: 1, inferPlainFees: true }),
      write: new WriteStage(records, () => new Date()),
      batchSize: 10,
    });
    expect(await pipeline.run(makeRun(chain, wallet(me)), [])).toEqual({ records: 0, cursor: null });
    expect(records.writes + chain.calls.length).toBe(0);
  });
});
