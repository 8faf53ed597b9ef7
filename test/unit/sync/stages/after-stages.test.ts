import { describe, expect, it } from 'vitest';
import { DailyBudgetExhaustedError } from '../../../../src/chain/errors/daily-budget-exhausted.error.js';
import type { RequestCounter } from '../../../../src/chain/request-counter.js';
import type { TokenRecord } from '../../../../src/chain/tokens/token-record.js';
import type { HoldingSnapshotRow } from '../../../../src/db/repositories/snapshot-repository.js';
import type { ReconciliationResult } from '../../../../src/db/repositories/wallet-repository.js';
import type { EventPublisher } from '../../../../src/realtime/event-publisher.js';
import type { StakeRewardsSync } from '../../../../src/sync/rewards/stake-rewards-sync.js';
import { PublishStage } from '../../../../src/sync/stages/publish.stage.js';
import { ReconcileStage } from '../../../../src/sync/stages/reconcile.stage.js';
import { RewardsStage } from '../../../../src/sync/stages/rewards.stage.js';
import { SnapshotsStage } from '../../../../src/sync/stages/snapshots.stage.js';
import { TokenMetadataStage } from '../../../../src/sync/stages/token-metadata.stage.js';
import type { TokenMetadataSource } from '../../../../src/sync/token-metadata-source.js';
import { addr } from '../../domain/support/tx-builder.js';
import { FakeSyncChain, makeRun, MemoryRecords, wallet } from './support.js';

const me = addr.base('11', '22');
const stake = addr.stake('22');
const DAY = 86_400_000;
const UNIT = 'ab'.repeat(28) + '4d494e';

function record(records: MemoryRecords, hash: string, at: Date, flows: Array<[string, bigint]>) {
  records.rows.set(hash, {
    txHash: hash,
    blockHeight: records.rows.size + 1,
    txTimestamp: at,
    txAction: 'receive',
    txProtocol: null,
    description: null,
    netAdaChange: flows.find(([u]) => u === 'lovelace')?.[1] ?? 0n,
    fees: 0n,
    flows: flows.map(([unit, quantity]) => ({ unit, quantity })),
  });
}

class MemorySnapshots {
  rows: HoldingSnapshotRow[] = [];
  replaced: Date[] = [];
  async history() {
    return this.rows;
  }
  async replaceFrom(_u: string, _a: string, from: Date, rows: HoldingSnapshotRow[]) {
    this.replaced.push(from);
    this.rows = [...this.rows.filter((r) => r.asOf < from), ...rows];
  }
}

describe('snapshots stage', () => {
  it('writes the holdings history, then rewrites only from the first day that differs', async () => {
    const now = new Date('2026-03-10T12:00:00Z');
    const records = new MemoryRecords();
    record(records, 'a', new Date(now.getTime() - 5 * DAY), [
      ['lovelace', 10n],
      [UNIT, 3n],
    ]);
    const snapshots = new MemorySnapshots();
    const stage = new SnapshotsStage(records, snapshots);
    const held = await stage.run(makeRun(new FakeSyncChain([]), wallet(me)), now);
    expect([...held]).toEqual([UNIT]);
    expect(snapshots.replaced).toHaveLength(1);
    const synced = wallet(me, { lastSyncedAt: now });
    await stage.run(makeRun(new FakeSyncChain([]), synced), now);
    expect(snapshots.replaced).toHaveLength(1); // nothing differs: nothing written

    record(records, 'b', new Date(now.getTime() - 2 * DAY), [[UNIT, -3n]]);
    expect([...(await stage.run(makeRun(new FakeSyncChain([]), synced), now))]).toEqual([]);
    expect(snapshots.replaced[1]!.getTime()).toBe(Date.UTC(2026, 2, 8));
    const last = snapshots.rows.filter((r) => r.tokenUnit === UNIT).at(-1)!;
    expect(last.quantity).toBe(0n);
  });
});

class FakeTokens implements TokenMetadataSource {
  stored = new Set<string>();
  ensured: string[] = [];
  failWith: Error | null = null;
  async known(units: readonly string[]) {
    return new Map(units.filter((u) => this.stored.has(u)).map((u) => [u, {} as TokenRecord]));
  }
  async ensure(unit: string, counter: RequestCounter) {
    if (this.failWith) throw this.failWith;
    counter.increment('/assets/{asset}');
    this.ensured.push(unit);
    this.stored.add(unit);
    return {} as TokenRecord;
  }
}

describe('token metadata stage', () => {
  it('fetches only units not stored yet, each counted in the job’s requests', async () => {
    const tokens = new FakeTokens();
    tokens.stored.add('aa'.repeat(30));
    const run = makeRun(new FakeSyncChain([]), wallet(me));
    await new TokenMetadataStage(tokens, { enabled: true, concurrency: 2 }).run(
      run,
      new Set(['aa'.repeat(30), 'bb'.repeat(30), 'lovelace']),
    );
    expect(tokens.ensured).toEqual(['bb'.repeat(30)]);
    expect(run.counter.total).toBe(1);
    expect(run.tokenStats).toEqual({ fetched: 1, failed: 0 });
  });

  it('a spent daily budget leaves the units for the next sync without failing this one', async () => {
    const tokens = new FakeTokens();
    tokens.failWith = new DailyBudgetExhaustedError(new Date(), 'daily_budget');
    const run = makeRun(new FakeSyncChain([]), wallet(me));
    await new TokenMetadataStage(tokens, { enabled: true, concurrency: 1 }).run(
      run,
      new Set(['cc'.repeat(30), 'dd'.repeat(30)]),
    );
    expect(run.tokenStats).toEqual({ fetched: 0, failed: 2 });
  });
});

/** The two calls the rewards stage makes of the rewards reader, recorded. */
function fakeRewards(ledgerStatus: 'matched' | 'mismatch' = 'matched') {
  const calls: Array<[string, unknown]> = [];
  const rewards = {
    async read(target: { stakeAddress: string }, options: unknown) {
      calls.push(['read', options]);
      return {
        read: true,
        unavailable: false,
        epoch: 480,
        newRewards: 3,
        fullRead: true,
        pools: { metadataRead: 1, historyRead: 1, failed: 0 },
      };
    },
    async checkLedger(_t: unknown, withdrawable: bigint, previous: unknown) {
      calls.push(['checkLedger', { withdrawable, previous }]);
      return {
        status: ledgerStatus,
        rewardsLovelace: '30',
        mirLovelace: '0',
        withdrawnLovelace: '10',
        computedLovelace: '20',
        withdrawableLovelace: withdrawable.toString(),
        differenceLovelace: (withdrawable - 20n).toString(),
        gapEpochs: [],
        epoch: 480,
        repaired: false,
      };
    },
  };
  return { rewards: rewards as unknown as StakeRewardsSync, calls };
}

describe('rewards stage', () => {
  it('a payment wallet has no rewards section and makes no call', async () => {
    const { rewards, calls } = fakeRewards();
    const stage = new RewardsStage(rewards);
    const run = makeRun(new FakeSyncChain([]), wallet(me));
    expect(await stage.read(run)).toBeNull();
    expect(await stage.ledger(run, 5n)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('a stake wallet reads with the epoch its wallet row already knows, and reports the read', async () => {
    const { rewards, calls } = fakeRewards();
    const run = makeRun(new FakeSyncChain([]), wallet(stake, { rewardsEpoch: 479 }));
    const report = await new RewardsStage(rewards).read(run);
    expect(report).toEqual({
      read: true,
      unavailable: false,
      epoch: 480,
      newRewards: 3,
      pools: { metadataRead: 1, historyRead: 1, failed: 0 },
    });
    expect(calls).toEqual([['read', { knownEpoch: 479 }]]);
  });
});

describe('reconcile stage', () => {
  const deps = (records: MemoryRecords, stored: ReconciliationResult[], rewards: StakeRewardsSync) => ({
    transactions: records,
    wallets: {
      setReconciliation: async (_u: string, _w: string, r: ReconciliationResult) => {
        stored.push(r);
        return true;
      },
    },
    rewards: new RewardsStage(rewards),
    clock: () => new Date('2026-03-10T00:00:00Z'),
    reconcileEveryMs: DAY,
  });

  it('is due with no reconciliation, after a day, or at another cursor', () => {
    const stage = new ReconcileStage(deps(new MemoryRecords(), [], fakeRewards().rewards));
    const now = new Date('2026-03-10T00:00:00Z');
    const rec = (checkedAt: string, cursorHeight: number): ReconciliationResult => ({
      status: 'matched',
      computedLovelace: '0',
      chainLovelace: '0',
      differenceLovelace: '0',
      checkedAt,
      details: { cursorHeight },
    });
    const cursor = { blockHeight: 7, blockHash: 'h' };
    expect(stage.due(wallet(me), cursor, now)).toBe(true);
    expect(stage.due(wallet(me, { reconciliation: rec('2026-03-09T12:00:00Z', 7) }), cursor, now)).toBe(
      false,
    );
    expect(stage.due(wallet(me, { reconciliation: rec('2026-03-08T23:00:00Z', 7) }), cursor, now)).toBe(true);
    expect(stage.due(wallet(me, { reconciliation: rec('2026-03-09T12:00:00Z', 6) }), cursor, now)).toBe(true);
  });

  it('a payment address compares every unit and names the token that differs', async () => {
    const records = new MemoryRecords();
    record(records, 'a', new Date(), [
      ['lovelace', 5n],
      [UNIT, 2n],
    ]);
    const chain = new FakeSyncChain([]);
    chain.amounts = new Map([
      ['lovelace', 5n],
      [UNIT, 3n],
    ]);
    const stored: ReconciliationResult[] = [];
    const result = await new ReconcileStage(deps(records, stored, fakeRewards().rewards)).run(
      makeRun(chain, wallet(me)),
      null,
      null,
    );
    expect(result.status).toBe('mismatch');
    expect(result.details).toMatchObject({ tokenMismatches: { [UNIT]: { computed: '2', chain: '3' } } });
    expect(stored).toEqual([result]);
  });

  it('a stake account: Σ net + withdrawable = controlled, with the rewards ledger stored beside it', async () => {
    const records = new MemoryRecords();
    record(records, 'a', new Date(), [['lovelace', 1_000n]]);
    const chain = new FakeSyncChain([]);
    chain.account_ = {
      controlledAmount: 1_020n,
      withdrawableAmount: 20n,
      withdrawalsSum: 10n,
      active: true,
      poolId: 'pool1x',
      activeEpoch: 400,
    };
    const { rewards, calls } = fakeRewards();
    const result = await new ReconcileStage(deps(records, [], rewards)).run(
      makeRun(chain, wallet(stake)),
      null,
      { blockHeight: 9, blockHash: 'h' },
    );
    expect(result).toMatchObject({ status: 'matched', computedLovelace: '1020', chainLovelace: '1020' });
    expect(result.details).toMatchObject({
      kind: 'stake',
      cursorHeight: 9,
      rewards: { status: 'matched', computedLovelace: '20', withdrawableLovelace: '20' },
    });
    expect(calls).toEqual([['checkLedger', { withdrawable: 20n, previous: null }]]);
  });
});

describe('publish stage', () => {
  it('publishes wallet_updated only when the run changed something, and a failed publish is not an error', async () => {
    const sent: unknown[] = [];
    const events: EventPublisher = {
      publish: async (userId, type, payload) => {
        sent.push([type, payload]);
        if (sent.length > 1) throw new Error('bus down');
      },
    } as EventPublisher;
    const run = makeRun(new FakeSyncChain([]), wallet(me));
    const stage = new PublishStage(events);
    await stage.run(run, false);
    await stage.run(run, true);
    await stage.run(run, true);
    expect(sent).toEqual([
      ['wallet_updated', { walletId: run.wallet.id, walletAddress: me }],
      ['wallet_updated', { walletId: run.wallet.id, walletAddress: me }],
    ]);
  });
});
