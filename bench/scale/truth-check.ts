// The end-of-run check of every fault run and benchmark: what the workers stored, row for row, against
// the simulator's ground truth (`/__sim/truth`, `docs/ledger-rules.md`). Records (with their flows),
// holdings snapshots (recomputed from the truth's flows), staking rewards (reward-check.ts),
// reconciliation; missing, extra, unequal and duplicate rows each named.
import type { SqlPool } from '../../src/db/prisma-client.js';
import { buildHoldingRows, utcDayStart } from '../../src/sync/holdings-snapshots.js';
import { compareRewards, expectedRewards, loadStoredRewards } from './reward-check.js';
import type { TruthRecord, TruthWallet } from '../../sim/truth/ground-truth.js';

export type { TruthRecord, TruthWallet };

export interface Truth {
  seed: number;
  tip: { height: number; hash: string };
  wallets: TruthWallet[];
}

/** A wallet as one user tracks it. */
export interface TrackedWallet {
  wallet: TruthWallet;
  userId: string;
  walletId: string;
}

export function sortRecords(records: TruthRecord[]): TruthRecord[] {
  return [...records].sort((a, b) => a.blockHeight - b.blockHeight || (a.txHash < b.txHash ? -1 : 1));
}

/** Normalises the truth's flows (no zero entries) and order for comparison. */
export function normaliseTruth(records: TruthRecord[]): TruthRecord[] {
  return sortRecords(
    records.map((r) => ({
      ...r,
      flows: Object.fromEntries(Object.entries(r.flows).filter(([, q]) => q !== '0')),
    })),
  );
}

/** A stored record (row + its flows) in the ground truth's format. */
export function storedRecordAsTruth(
  r: {
    txHash: string;
    blockHeight: number;
    netAdaChange: bigint | string;
    fees: bigint | string;
    txAction: string;
    txProtocol: string | null;
    metadata: unknown;
  },
  flows: Record<string, string>,
): TruthRecord {
  const meta = (r.metadata ?? {}) as { deposit?: string; withdrawal?: string; link?: { key: string } };
  return {
    txHash: r.txHash,
    blockHeight: r.blockHeight,
    netLovelace: r.netAdaChange.toString(),
    fee: r.fees.toString(),
    deposit: meta.deposit ?? '0',
    withdrawal: meta.withdrawal ?? '0',
    flows,
    // As stored: a category outside the ledger's vocabulary fails the comparison with the truth.
    action: r.txAction as TruthRecord['action'],
    protocol: r.txProtocol,
    link: meta.link?.key ?? null,
  };
}

export interface TruthCheck {
  wallets: number;
  records: { expected: number; stored: number };
  snapshots: { expected: number; stored: number };
  /** Staking rewards of the wallets whose rewards the truth knows (every generated stake account). */
  rewards: { expected: number; stored: number };
  reconciled: number;
  /** Every difference, one line each (at most `maxProblems`); empty when all is equal. */
  problems: string[];
}

/** One record as comparable text (flows in unit order: stored and truth objects list them differently). */
const canonical = (r: TruthRecord) =>
  JSON.stringify({ ...r, flows: Object.entries(r.flows).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) });

const key = (...parts: Array<string | number>) => parts.join(' ');

/**
 * Compares every tracked wallet's stored rows with the truth, in a few bulk queries. `today` is the
 * day the snapshots' "today" rows were written (the run's end).
 */
export async function checkAgainstTruth(
  sql: SqlPool,
  truth: Truth,
  tracked: TrackedWallet[],
  options: {
    today?: Date;
    maxProblems?: number;
    snapshots?: boolean;
    /**
     * Block times (unix seconds) by height, from the simulator. Without them the days come from the
     * shared chain cache, which a rollback prunes above the last common block (a cache: pruned rows are
     * fetched again when needed), so after a rollback the cache cannot date every record.
     */
    blockTimes?: ReadonlyMap<number, number>;
  } = {},
): Promise<TruthCheck> {
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < (options.maxProblems ?? 40)) problems.push(p);
    else if (problems.length === (options.maxProblems ?? 40)) problems.push('…');
  };
  const byAddress = new Map(truth.wallets.map((w) => [w.address, w]));
  const trackedKeys = new Set(tracked.map((t) => key(t.userId, t.wallet.address)));

  // Records with their flows, for every user at once.
  const { rows } = await sql.query<{
    user_id: string;
    wallet_address: string;
    tx_hash: string;
    block_height: number;
    net_ada_change: string;
    fees: string;
    tx_action: string;
    tx_protocol: string | null;
    metadata: unknown;
    flows: Record<string, string> | null;
  }>(
    `SELECT t.user_id, t.wallet_address, t.tx_hash, t.block_height, t.net_ada_change::text, t.fees::text,
            t.tx_action, t.tx_protocol, t.metadata,
            (SELECT jsonb_object_agg(f.unit, f.quantity::text) FROM asset_flows f WHERE f.transaction_id = t.id) AS flows
       FROM transactions t`,
  );
  const stored = new Map<string, TruthRecord[]>();
  for (const r of rows) {
    const k = key(r.user_id, r.wallet_address);
    if (!trackedKeys.has(k)) problem(`record of an untracked wallet: ${k} ${r.tx_hash}`);
    const rec = storedRecordAsTruth(
      {
        txHash: r.tx_hash,
        blockHeight: r.block_height,
        netAdaChange: r.net_ada_change,
        fees: r.fees,
        txAction: r.tx_action,
        txProtocol: r.tx_protocol,
        metadata: r.metadata,
      },
      r.flows ?? {},
    );
    stored.set(k, [...(stored.get(k) ?? []), rec]);
  }

  // Block times of the shared chain cache: the day of each transaction for the snapshot rows.
  const { rows: times } = await sql.query<{ tx_hash: string; block_time: number }>(
    'SELECT tx_hash, block_time FROM chain_transactions',
  );
  const cachedTime = new Map(times.map((t) => [t.tx_hash, t.block_time]));
  const blockTimeOf = (r: TruthRecord): number | undefined =>
    options.blockTimes ? options.blockTimes.get(r.blockHeight) : cachedTime.get(r.txHash);
  const { rows: snaps } = await sql.query<{
    user_id: string;
    wallet_address: string;
    as_of: Date;
    token_unit: string;
    quantity: string;
  }>('SELECT user_id, wallet_address, as_of, token_unit, quantity::text FROM portfolio_holdings_snapshots');
  const storedSnaps = new Map<string, Map<string, string>>();
  for (const s of snaps) {
    const k = key(s.user_id, s.wallet_address);
    const m = storedSnaps.get(k) ?? new Map<string, string>();
    const sk = key(s.as_of.toISOString().slice(0, 10), s.token_unit);
    if (m.has(sk)) problem(`duplicate snapshot ${k} ${sk}`);
    m.set(sk, s.quantity);
    storedSnaps.set(k, m);
  }

  const storedRewards = await loadStoredRewards(sql);
  for (const k of storedRewards.keys())
    if (!trackedKeys.has(k)) problem(`reward of an untracked wallet: ${k}`);

  const { rows: wallets } = await sql.query<{
    id: string;
    user_id: string;
    address: string;
    reconciliation_status: string | null;
  }>('SELECT id, user_id, address, reconciliation_status FROM wallets');
  const walletRow = new Map(wallets.map((w) => [w.id, w]));

  let expectedRecords = 0;
  let expectedSnaps = 0;
  let expectedRewardCount = 0;
  let reconciled = 0;
  const today = options.today ?? new Date();
  for (const t of tracked) {
    const k = key(t.userId, t.wallet.address);
    // The final truth's wallet, not the one tracked at the start: a rollback or a new epoch since then
    // changed its records and rewards.
    const now = byAddress.get(t.wallet.address)!;
    const expected = normaliseTruth(now.expected.transactions);
    expectedRecords += expected.length;
    const mine = sortRecords(stored.get(k) ?? []);
    const storedByHash = new Map<string, TruthRecord>();
    for (const r of mine) {
      if (storedByHash.has(r.txHash)) problem(`duplicate record ${k} ${r.txHash}`);
      storedByHash.set(r.txHash, r);
    }
    const expectedHashes = new Set(expected.map((r) => r.txHash));
    for (const e of expected) {
      const s = storedByHash.get(e.txHash);
      if (!s) problem(`missing record ${k} ${e.txHash} (height ${e.blockHeight})`);
      else if (canonical(s) !== canonical(e))
        problem(`unequal record ${k}: stored ${canonical(s)} truth ${canonical(e)}`);
    }
    for (const r of mine) if (!expectedHashes.has(r.txHash)) problem(`extra record ${k} ${r.txHash}`);

    const rewards = expectedRewards(now);
    if (rewards) {
      expectedRewardCount += rewards.length;
      compareRewards(k, rewards, storedRewards.get(k) ?? [], problem);
    }

    const w = walletRow.get(t.walletId);
    if (w?.reconciliation_status === 'matched') reconciled++;
    else problem(`wallet ${k} not reconciled: ${w?.reconciliation_status ?? 'never'}`);

    if (options.snapshots === false) continue;
    // The snapshot rows the truth's flows give (days from the block times). Summed per UTC day and
    // unit first, as the sync's daily flows are: buildHoldingRows takes a day's net flow, and a token
    // bought and sold on one day changes no balance (fed per transaction, it would expect a 0 row).
    const perDay = new Map<string, { day: Date; unit: string; quantity: bigint }>();
    let timesKnown = true;
    for (const e of expected) {
      const bt = blockTimeOf(e);
      if (bt === undefined) {
        timesKnown = false;
        break;
      }
      const day = utcDayStart(new Date(bt * 1000));
      for (const [unit, q] of Object.entries(e.flows)) {
        const dk = key(day.getTime(), unit);
        const d = perDay.get(dk) ?? { day, unit, quantity: 0n };
        d.quantity += BigInt(q);
        perDay.set(dk, d);
      }
    }
    if (!timesKnown) {
      problem(`snapshots of ${k} not checked: a truth transaction has no known block time`);
      continue;
    }
    const daily = [...perDay.values()];
    const want = new Map(
      buildHoldingRows(daily, new Date(0), today).map((r) => [
        key(r.asOf.toISOString().slice(0, 10), r.tokenUnit),
        r.quantity.toString(),
      ]),
    );
    expectedSnaps += want.size;
    const have = storedSnaps.get(k) ?? new Map<string, string>();
    for (const [sk, q] of want) {
      const s = have.get(sk);
      if (s === undefined) problem(`missing snapshot ${k} ${sk}`);
      else if (s !== q) problem(`unequal snapshot ${k} ${sk}: stored ${s} truth ${q}`);
    }
    for (const sk of have.keys()) if (!want.has(sk)) problem(`extra snapshot ${k} ${sk}`);
  }
  return {
    wallets: tracked.length,
    records: { expected: expectedRecords, stored: rows.length },
    snapshots: { expected: expectedSnaps, stored: snaps.length },
    rewards: {
      expected: expectedRewardCount,
      stored: [...storedRewards.values()].reduce((n, list) => n + list.length, 0),
    },
    reconciled,
    problems,
  };
}
