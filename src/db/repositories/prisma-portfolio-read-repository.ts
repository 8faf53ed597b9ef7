import { Prisma, type PrismaClient } from '../prisma-client.js';
import { isUuid } from './uuid.js';

/** Latest snapshot row of one wallet and token (the current holding). */
export interface CurrentHoldingRow {
  walletAddress: string;
  tokenUnit: string;
  quantity: bigint;
  asOf: Date;
}

export type HistoryInterval = 'day' | 'week' | 'month';

/** Summed holding of one token at the end of one bucket (bucket = its start, UTC). */
export interface HistoryRow {
  bucket: Date;
  tokenUnit: string;
  quantity: bigint;
}

export interface TransactionFilter {
  /** Only these wallet addresses (already checked to belong to the user); undefined = all. */
  walletAddresses?: string[];
  action?: string;
  protocol?: string;
  /** Only transactions with a flow of this unit. */
  unit?: string;
  /** Inclusive lower bound on the transaction time. */
  from?: Date;
  /** Exclusive upper bound on the transaction time. */
  to?: Date;
}

/** Keyset cursor: the last row of the previous page (newest first). */
export interface TransactionCursor {
  txTimestamp: Date;
  id: string;
}

export interface TransactionRow {
  id: string;
  walletAddress: string;
  txHash: string;
  blockHeight: number;
  txTimestamp: Date;
  txAction: string;
  txProtocol: string | null;
  description: string | null;
  netAdaChange: bigint;
  fees: bigint;
  actionId: string | null;
}

export interface FlowRow {
  transactionId: string;
  unit: string;
  quantity: bigint;
}

export interface ActionRow {
  id: string;
  walletAddress: string;
  actionType: string;
  protocol: string | null;
  status: string;
  description: string | null;
  linkKey: string | null;
  startedAt: Date;
  completedAt: Date | null;
  transactions: Array<{ id: string; txHash: string; sequenceNumber: number | null }>;
}

export interface TokenInfoRow {
  unit: string;
  name: string | null;
  ticker: string | null;
  decimals: number | null;
}

export interface AnalyticsRow {
  key: string | null;
  count: number;
  inflowLovelace: bigint;
  outflowLovelace: bigint;
  feesLovelace: bigint;
}

export interface JobSummaryRow {
  id: string;
  status: string;
  jobType: string;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  errorMessage: string | null;
}

const INTERVAL_STEP: Record<HistoryInterval, string> = { day: '1 day', week: '1 week', month: '1 month' };

/**
 * Read-side queries for the API (portfolio, history, transaction pages, analytics). Raw SQL because
 * they aggregate over up to a million rows and must stay within a few milliseconds; every query is
 * scoped by `user_id` first, and every index it relies on starts with `user_id`.
 */
export class PrismaPortfolioReadRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Latest row per wallet and token. DISTINCT ON walks the unique index
   * (user_id, wallet_address, token_unit, as_of) and keeps the first row of each group.
   */
  async currentHoldings(userId: string, walletAddresses?: string[]): Promise<CurrentHoldingRow[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.$queryRaw<
      Array<{ wallet_address: string; token_unit: string; quantity: string; as_of: Date }>
    >`
      SELECT DISTINCT ON (wallet_address, token_unit) wallet_address, token_unit, quantity::text AS quantity, as_of
      FROM portfolio_holdings_snapshots
      WHERE user_id = ${userId}::uuid ${walletClause(walletAddresses)}
      ORDER BY wallet_address, token_unit, as_of DESC`;
    return rows.map((r) => ({
      walletAddress: r.wallet_address,
      tokenUnit: r.token_unit,
      quantity: BigInt(r.quantity),
      asOf: r.as_of,
    }));
  }

  /**
   * Holdings per token at the end of each bucket in [from, to], summed over the chosen wallets.
   * Each snapshot row is a segment valid until the next row of the same wallet and token; the
   * buckets it covers are generated arithmetically (no range join), so the cost is linear in rows.
   * Buckets before a series' first row are absent (the caller treats them as zero).
   */
  async holdingsHistory(
    userId: string,
    range: { from: Date; to: Date; interval: HistoryInterval; walletAddresses?: string[] },
  ): Promise<HistoryRow[]> {
    if (!isUuid(userId)) return [];
    const step = INTERVAL_STEP[range.interval];
    const unit = range.interval;
    const wallets = walletClause(range.walletAddresses);
    const rows = await this.prisma.$queryRaw<Array<{ bucket: Date; token_unit: string; quantity: string }>>`
      WITH pts AS (
        SELECT wallet_address, token_unit, as_of, quantity
        FROM portfolio_holdings_snapshots
        WHERE user_id = ${userId}::uuid AND as_of > ${range.from} AND as_of <= ${range.to} ${wallets}
        UNION ALL
        SELECT * FROM (
          SELECT DISTINCT ON (wallet_address, token_unit) wallet_address, token_unit, as_of, quantity
          FROM portfolio_holdings_snapshots
          WHERE user_id = ${userId}::uuid AND as_of <= ${range.from} ${wallets}
          ORDER BY wallet_address, token_unit, as_of DESC
        ) before_range
      ),
      seg AS (
        SELECT token_unit, quantity,
               date_trunc(${unit}, as_of, 'UTC') AS first_bucket,
               date_trunc(${unit}, lead(as_of) OVER (PARTITION BY wallet_address, token_unit ORDER BY as_of), 'UTC')
                 - ${step}::interval AS last_bucket
        FROM pts
      ),
      bounds AS (
        SELECT date_trunc(${unit}, ${range.from}::timestamptz, 'UTC') AS lo,
               date_trunc(${unit}, ${range.to}::timestamptz, 'UTC') AS hi
      )
      SELECT b AS bucket, seg.token_unit, sum(seg.quantity)::text AS quantity
      FROM seg CROSS JOIN bounds
      CROSS JOIN LATERAL generate_series(
        greatest(seg.first_bucket, bounds.lo),
        least(coalesce(seg.last_bucket, bounds.hi), bounds.hi),
        ${step}::interval) AS b
      GROUP BY b, seg.token_unit
      ORDER BY b, seg.token_unit`;
    return rows.map((r) => ({ bucket: r.bucket, tokenUnit: r.token_unit, quantity: BigInt(r.quantity) }));
  }

  /** One page of transactions, newest first, after the cursor. */
  async listTransactions(
    userId: string,
    filter: TransactionFilter,
    page: { cursor?: TransactionCursor; limit: number },
  ): Promise<TransactionRow[]> {
    if (!isUuid(userId)) return [];
    const cursor =
      page.cursor && isUuid(page.cursor.id)
        ? Prisma.sql`AND (t.tx_timestamp, t.id) < (${page.cursor.txTimestamp}, ${page.cursor.id}::uuid)`
        : Prisma.empty;
    const rows = await this.prisma.$queryRaw<RawTransaction[]>`
      SELECT t.id::text, t.wallet_address, t.tx_hash, t.block_height, t.tx_timestamp, t.tx_action, t.tx_protocol,
             t.description, t.net_ada_change::text, t.fees::text, t.action_id::text
      FROM transactions t
      WHERE t.user_id = ${userId}::uuid ${transactionFilterClause(filter)} ${cursor}
      ORDER BY t.tx_timestamp DESC, t.id DESC
      LIMIT ${page.limit}`;
    return rows.map(toTransactionRow);
  }

  async getTransaction(userId: string, transactionId: string): Promise<TransactionRow | null> {
    if (!isUuid(userId) || !isUuid(transactionId)) return null;
    const rows = await this.prisma.$queryRaw<RawTransaction[]>`
      SELECT t.id::text, t.wallet_address, t.tx_hash, t.block_height, t.tx_timestamp, t.tx_action, t.tx_protocol,
             t.description, t.net_ada_change::text, t.fees::text, t.action_id::text
      FROM transactions t
      WHERE t.user_id = ${userId}::uuid AND t.id = ${transactionId}::uuid`;
    return rows[0] ? toTransactionRow(rows[0]) : null;
  }

  async flowsOf(userId: string, transactionIds: string[]): Promise<FlowRow[]> {
    const ids = transactionIds.filter(isUuid);
    if (!isUuid(userId) || ids.length === 0) return [];
    const rows = await this.prisma.$queryRaw<
      Array<{ transaction_id: string; unit: string; quantity: string }>
    >`
      SELECT transaction_id::text, unit, quantity::text
      FROM asset_flows
      WHERE user_id = ${userId}::uuid AND transaction_id = ANY(${ids}::uuid[])
      ORDER BY transaction_id, unit`;
    return rows.map((r) => ({ transactionId: r.transaction_id, unit: r.unit, quantity: BigInt(r.quantity) }));
  }

  async getAction(userId: string, actionId: string): Promise<ActionRow | null> {
    if (!isUuid(userId) || !isUuid(actionId)) return null;
    const actions = await this.prisma.$queryRaw<
      Array<{
        id: string;
        wallet_address: string;
        action_type: string;
        protocol: string | null;
        status: string;
        description: string | null;
        link_key: string | null;
        started_at: Date;
        completed_at: Date | null;
      }>
    >`
      SELECT id::text, wallet_address, action_type, protocol, status, description, link_key, started_at, completed_at
      FROM actions WHERE user_id = ${userId}::uuid AND id = ${actionId}::uuid`;
    const a = actions[0];
    if (!a) return null;
    const txs = await this.prisma.$queryRaw<
      Array<{ id: string; tx_hash: string; sequence_number: number | null }>
    >`
      SELECT id::text, tx_hash, sequence_number FROM transactions
      WHERE user_id = ${userId}::uuid AND action_id = ${actionId}::uuid
      ORDER BY sequence_number NULLS LAST, tx_timestamp`;
    return {
      id: a.id,
      walletAddress: a.wallet_address,
      actionType: a.action_type,
      protocol: a.protocol,
      status: a.status,
      description: a.description,
      linkKey: a.link_key,
      startedAt: a.started_at,
      completedAt: a.completed_at,
      transactions: txs.map((t) => ({ id: t.id, txHash: t.tx_hash, sequenceNumber: t.sequence_number })),
    };
  }

  /** Counts and ADA volumes grouped by action, protocol or calendar month (UTC). */
  async analytics(
    userId: string,
    groupBy: 'action' | 'protocol' | 'month',
    filter: TransactionFilter,
  ): Promise<AnalyticsRow[]> {
    if (!isUuid(userId)) return [];
    const key =
      groupBy === 'action'
        ? Prisma.sql`t.tx_action`
        : groupBy === 'protocol'
          ? Prisma.sql`t.tx_protocol`
          : Prisma.sql`to_char(date_trunc('month', t.tx_timestamp, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM')`;
    const rows = await this.prisma.$queryRaw<
      Array<{ key: string | null; count: number; inflow: string; outflow: string; fees: string }>
    >`
      SELECT ${key} AS key, count(*)::int AS count,
             coalesce(sum(greatest(t.net_ada_change, 0)), 0)::text AS inflow,
             coalesce(sum(least(t.net_ada_change, 0)), 0)::text AS outflow,
             coalesce(sum(t.fees), 0)::text AS fees
      FROM transactions t
      WHERE t.user_id = ${userId}::uuid ${transactionFilterClause(filter)}
      GROUP BY 1 ORDER BY 1`;
    return rows.map((r) => ({
      key: r.key,
      count: r.count,
      inflowLovelace: BigInt(r.inflow),
      outflowLovelace: -BigInt(r.outflow),
      feesLovelace: BigInt(r.fees),
    }));
  }

  /** Token metadata (public data) for display. */
  async tokens(units: string[]): Promise<Map<string, TokenInfoRow>> {
    const wanted = [...new Set(units)].filter((u) => u !== 'lovelace');
    const out = new Map<string, TokenInfoRow>();
    if (wanted.length === 0) return out;
    const rows = await this.prisma.$queryRaw<TokenInfoRow[]>`
      SELECT unit, name, ticker, decimals FROM tokens WHERE unit = ANY(${wanted}::text[])`;
    for (const r of rows) out.set(r.unit, r);
    return out;
  }

  /** Recent sync jobs of one of the user's wallets, from the sync_jobs table (Prisma queue backend). */
  async recentJobs(userId: string, walletAddress: string, limit: number): Promise<JobSummaryRow[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.$queryRaw<
      Array<{
        id: string;
        status: string;
        job_type: string;
        created_at: Date;
        started_at: Date | null;
        completed_at: Date | null;
        error_message: string | null;
      }>
    >`
      SELECT id::text, status, job_type, created_at, started_at, completed_at, error_message
      FROM sync_jobs WHERE user_id = ${userId}::uuid AND wallet_address = ${walletAddress}
      ORDER BY created_at DESC LIMIT ${limit}`;
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      jobType: r.job_type,
      createdAt: r.created_at,
      startedAt: r.started_at,
      completedAt: r.completed_at,
      errorMessage: r.error_message,
    }));
  }

  /** Median and 95th percentile sync duration (seconds) of jobs completed in the last day (metrics). */
  async syncDurations(since: Date): Promise<{ count: number; p50: number | null; p95: number | null }> {
    const rows = await this.prisma.$queryRaw<
      Array<{ count: number; p50: number | null; p95: number | null }>
    >`
      SELECT count(*)::int AS count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at))::float8 AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at))::float8 AS p95
      FROM sync_jobs
      WHERE status = 'completed' AND completed_at >= ${since} AND started_at IS NOT NULL`;
    return rows[0] ?? { count: 0, p50: null, p95: null };
  }
}

interface RawTransaction {
  id: string;
  wallet_address: string;
  tx_hash: string;
  block_height: number;
  tx_timestamp: Date;
  tx_action: string;
  tx_protocol: string | null;
  description: string | null;
  net_ada_change: string;
  fees: string;
  action_id: string | null;
}

function toTransactionRow(r: RawTransaction): TransactionRow {
  return {
    id: r.id,
    walletAddress: r.wallet_address,
    txHash: r.tx_hash,
    blockHeight: r.block_height,
    txTimestamp: r.tx_timestamp,
    txAction: r.tx_action,
    txProtocol: r.tx_protocol,
    description: r.description,
    netAdaChange: BigInt(r.net_ada_change),
    fees: BigInt(r.fees),
    actionId: r.action_id,
  };
}

function walletClause(walletAddresses: string[] | undefined): Prisma.Sql {
  return walletAddresses ? Prisma.sql`AND wallet_address = ANY(${walletAddresses}::text[])` : Prisma.empty;
}

function transactionFilterClause(f: TransactionFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.walletAddresses) parts.push(Prisma.sql`AND t.wallet_address = ANY(${f.walletAddresses}::text[])`);
  if (f.action) parts.push(Prisma.sql`AND t.tx_action = ${f.action}`);
  if (f.protocol) parts.push(Prisma.sql`AND t.tx_protocol = ${f.protocol}`);
  if (f.from) parts.push(Prisma.sql`AND t.tx_timestamp >= ${f.from}`);
  if (f.to) parts.push(Prisma.sql`AND t.tx_timestamp < ${f.to}`);
  if (f.unit) {
    parts.push(
      Prisma.sql`AND EXISTS (SELECT 1 FROM asset_flows f WHERE f.transaction_id = t.id AND f.unit = ${f.unit})`,
    );
  }
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}
