import { pgPoolConfig } from '../pg-config-from-url.js';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PrismaClient } from '../prisma-client.js';
import { isUuid } from './uuid.js';

/** Runs the read queries: a plain `pg` pool (fast path) or a Prisma client (convenience, slower). */
export type ReadSqlRunner = pg.Pool | PrismaClient;

/** A parameterised SQL fragment; interpolated fragments are inlined, other values become $n. */
export class Sql {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  render(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const walk = (q: Sql): string => {
      let text = q.strings[0]!;
      q.values.forEach((v, i) => {
        text += v instanceof Sql ? walk(v) : `$${values.push(v)}`;
        text += q.strings[i + 1]!;
      });
      return text;
    };
    return { text: walk(this), values };
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

const empty = sql``;

function join(parts: Sql[]): Sql {
  return new Sql(['', ...parts.slice(1).map(() => ' '), ''], parts);
}

/** Latest snapshot row of one wallet and token (the current holding). */
export interface CurrentHoldingRow {
  walletAddress: string;
  tokenUnit: string;
  quantity: bigint;
  asOf: Date;
  /** Token metadata, joined in the same query (null when unknown). */
  token: TokenInfoRow | null;
}

export type HistoryInterval = 'day' | 'week' | 'month';

/**
 * Every snapshot row of one wallet and token up to the end of a range, oldest first: `quantities[i]`
 * is the quantity held from UTC day `days[i]` (days since 1970-01-01) on. Quantities are numbers when
 * every one of the row is a safe integer (exact; the usual case, and several times cheaper to parse
 * and add than bigints), bigints otherwise.
 */
export interface HoldingSeriesRow {
  tokenUnit: string;
  walletAddress: string;
  days: number[];
  quantities: number[] | bigint[];
  /** Token metadata, joined in the same query (null when unknown). */
  token: TokenInfoRow | null;
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
  /** Token metadata (null when unknown or for lovelace). */
  token: TokenInfoRow | null;
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

/**
 * Read-side queries for the API (portfolio, history, transaction pages, analytics). Raw SQL because
 * they aggregate over up to a million rows and must stay within a few milliseconds; every query is
 * scoped by `user_id` first, and every index it relies on starts with `user_id`.
 */
export class PgPortfolioReadRepository {
  /**
   * Prefer a plain `pg` pool opened with readPoolConfig: these hot queries then skip Prisma's query
   * layer, which costs several milliseconds per call, and JIT stays off. A Prisma client works too.
   */
  constructor(
    private readonly runner: ReadSqlRunner,
    /**
     * `prepare: false` sends unnamed statements: for a pool behind a transaction-mode connection
     * pooler (PgBouncer, Supavisor port 6543) that cannot keep prepared statements per client.
     */
    private readonly options: { prepare?: boolean } = {},
  ) {}

  private async query<T extends object[]>(q: Sql): Promise<T> {
    const { text, values } = q.render();
    if ('$queryRawUnsafe' in this.runner) return this.runner.$queryRawUnsafe<T>(text, ...values);
    // Named (prepared) statements: each pooled connection parses and plans a query text once, and
    // after five executions PostgreSQL reuses a generic plan, instead of re-planning on every
    // request (about a millisecond of server CPU for the recursive and windowed queries here).
    if (this.options.prepare === false) return (await this.runner.query(text, values)).rows as T;
    return (await this.runner.query({ name: statementName(text), text, values })).rows as T;
  }

  /** The addresses of the given wallet ids that belong to the user (unknown ids are absent). */
  async walletAddresses(userId: string, walletIds: string[]): Promise<Map<string, string>> {
    const ids = walletIds.filter(isUuid);
    if (!isUuid(userId) || ids.length === 0) return new Map();
    const rows = await this.query<Array<{ id: string; address: string }>>(sql`
      SELECT id::text, address FROM wallets WHERE user_id = ${userId}::uuid AND id = ANY(${ids}::uuid[])`);
    return new Map(rows.map((r) => [r.id, r.address]));
  }

  /**
   * Latest row per wallet and token. A loose index scan over the unique index
   * (user_id, wallet_address, token_unit, as_of): the recursive part jumps from one (wallet, token)
   * pair to the next, then one backward probe per pair reads its latest row. The cost grows with the
   * number of pairs (tens), not with the days of history (thousands of rows per user). With `asOf`,
   * the latest row at or before that moment (holdings on a past date).
   */
  async currentHoldings(
    userId: string,
    walletAddresses?: string[],
    asOf?: Date,
  ): Promise<CurrentHoldingRow[]> {
    if (!isUuid(userId)) return [];
    const wallets = walletAddresses ? sql`AND s.wallet_address = ANY(${walletAddresses}::text[])` : empty;
    // As of a past moment: the backward probe starts there (pairs first held later find no row).
    const until = asOf ? sql`AND s.as_of <= ${asOf}` : empty;
    const rows = await this.query<
      Array<{ wallet_address: string; token_unit: string; quantity: string; as_of: Date } & RawTokenInfo>
    >(sql`
      WITH RECURSIVE pairs(wallet_address, token_unit) AS (
        (SELECT s.wallet_address, s.token_unit FROM portfolio_holdings_snapshots s
         WHERE s.user_id = ${userId}::uuid ${wallets}
         ORDER BY s.wallet_address, s.token_unit LIMIT 1)
        UNION ALL
        SELECT nxt.wallet_address, nxt.token_unit FROM pairs p
        CROSS JOIN LATERAL (
          SELECT s.wallet_address, s.token_unit FROM portfolio_holdings_snapshots s
          WHERE s.user_id = ${userId}::uuid ${wallets}
            AND (s.wallet_address, s.token_unit) > (p.wallet_address, p.token_unit)
          ORDER BY s.wallet_address, s.token_unit LIMIT 1) nxt
      )
      SELECT p.wallet_address, p.token_unit, l.quantity::text AS quantity, l.as_of,
             k.name, k.ticker, k.decimals, k.unit IS NOT NULL AS known
      FROM pairs p
      CROSS JOIN LATERAL (
        SELECT s.quantity, s.as_of FROM portfolio_holdings_snapshots s
        WHERE s.user_id = ${userId}::uuid AND s.wallet_address = p.wallet_address AND s.token_unit = p.token_unit
          ${until}
        ORDER BY s.as_of DESC LIMIT 1) l
      LEFT JOIN tokens k ON k.unit = p.token_unit`);
    return rows.map((r) => ({
      walletAddress: r.wallet_address,
      tokenUnit: r.token_unit,
      quantity: BigInt(r.quantity),
      asOf: r.as_of,
      token: tokenInfo(r.token_unit, r),
    }));
  }

  /**
   * The snapshot rows up to `to` of each wallet and token, packed per pair: one ordered index-only
   * scan of the covering index (user_id, token_unit, wallet_address, as_of) INCLUDE (quantity) feeds
   * the aggregates in index order, without a sort, a window function or numeric arithmetic. Summing
   * the wallets into buckets is left to the caller (src/portfolio/holdings-history.ts): in Node it
   * costs about a millisecond for a year of a 10-wallet user, where the same work as a window plus
   * two aggregations took PostgreSQL ~7 ms of the two shared cores per request. Rows are sent as UTC
   * day numbers: every bucket (day, week, month) starts at a UTC midnight.
   */
  async holdingSeries(
    userId: string,
    range: { to: Date; walletAddresses?: string[]; units?: string[] },
  ): Promise<HoldingSeriesRow[]> {
    if (!isUuid(userId)) return [];
    // One unit (a chart) as an equality: the index then yields its rows in order, where
    // `= ANY(array)` is planned as an unordered scan plus a sort of every row.
    const units = !range.units
      ? empty
      : range.units.length === 1
        ? sql`AND token_unit = ${range.units[0]}`
        : sql`AND token_unit = ANY(${range.units}::text[])`;
    // The aggregates take the rows in the subquery's order (PostgreSQL feeds a sorted input through
    // in order); the caller still checks that the days ascend.
    const rows = await this.query<
      Array<{ token_unit: string; wallet_address: string; days: string; quantities: string } & RawTokenInfo>
    >(sql`
      SELECT g.token_unit, g.wallet_address, g.days, g.quantities,
             k.name, k.ticker, k.decimals, k.unit IS NOT NULL AS known
      FROM (
        SELECT token_unit, wallet_address,
               string_agg(((as_of AT TIME ZONE 'UTC')::date - DATE '1970-01-01')::text, ',') AS days,
               string_agg(quantity::text, ',') AS quantities
        FROM (
          SELECT token_unit, wallet_address, as_of, quantity FROM portfolio_holdings_snapshots
          WHERE user_id = ${userId}::uuid AND as_of <= ${range.to} ${units} ${walletClause(range.walletAddresses)}
          ORDER BY token_unit, wallet_address, as_of
        ) s
        GROUP BY token_unit, wallet_address
      ) g
      LEFT JOIN tokens k ON k.unit = g.token_unit`);
    return rows.map((r) => ({
      tokenUnit: r.token_unit,
      walletAddress: r.wallet_address,
      days: parseIntegers(r.days)!,
      quantities: parseQuantities(r.quantities),
      token: tokenInfo(r.token_unit, r),
    }));
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
        ? sql`AND (t.tx_timestamp, t.id) < (${page.cursor.txTimestamp}, ${page.cursor.id}::uuid)`
        : empty;
    const rows = await this.query<RawTransaction[]>(sql`
      SELECT t.id::text, t.wallet_address, t.tx_hash, t.block_height, t.tx_timestamp, t.tx_action, t.tx_protocol,
             t.description, t.net_ada_change::text, t.fees::text, t.action_id::text
      FROM transactions t
      WHERE t.user_id = ${userId}::uuid ${transactionFilterClause(filter)} ${cursor}
      ORDER BY t.tx_timestamp DESC, t.id DESC
      LIMIT ${page.limit}`);
    return rows.map(toTransactionRow);
  }

  async getTransaction(userId: string, transactionId: string): Promise<TransactionRow | null> {
    if (!isUuid(userId) || !isUuid(transactionId)) return null;
    const rows = await this.query<RawTransaction[]>(sql`
      SELECT t.id::text, t.wallet_address, t.tx_hash, t.block_height, t.tx_timestamp, t.tx_action, t.tx_protocol,
             t.description, t.net_ada_change::text, t.fees::text, t.action_id::text
      FROM transactions t
      WHERE t.user_id = ${userId}::uuid AND t.id = ${transactionId}::uuid`);
    return rows[0] ? toTransactionRow(rows[0]) : null;
  }

  /** Flows of the given transactions (the user's only), with token metadata joined in the same query. */
  async flowsOf(userId: string, transactionIds: string[]): Promise<FlowRow[]> {
    const ids = transactionIds.filter(isUuid);
    if (!isUuid(userId) || ids.length === 0) return [];
    const rows = await this.query<
      Array<{
        transaction_id: string;
        unit: string;
        quantity: string;
        name: string | null;
        ticker: string | null;
        decimals: number | null;
        known: boolean;
      }>
    >(sql`
      SELECT f.transaction_id::text, f.unit, f.quantity::text, t.name, t.ticker, t.decimals, t.unit IS NOT NULL AS known
      FROM asset_flows f LEFT JOIN tokens t ON t.unit = f.unit
      WHERE f.user_id = ${userId}::uuid AND f.transaction_id = ANY(${ids}::uuid[])
      ORDER BY f.transaction_id, f.unit`);
    return rows.map((r) => ({
      transactionId: r.transaction_id,
      unit: r.unit,
      quantity: BigInt(r.quantity),
      token: r.known ? { unit: r.unit, name: r.name, ticker: r.ticker, decimals: r.decimals } : null,
    }));
  }

  async getAction(userId: string, actionId: string): Promise<ActionRow | null> {
    if (!isUuid(userId) || !isUuid(actionId)) return null;
    const actions = await this.query<
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
    >(sql`
      SELECT id::text, wallet_address, action_type, protocol, status, description, link_key, started_at, completed_at
      FROM actions WHERE user_id = ${userId}::uuid AND id = ${actionId}::uuid`);
    const a = actions[0];
    if (!a) return null;
    const txs = await this.query<Array<{ id: string; tx_hash: string; sequence_number: number | null }>>(sql`
      SELECT id::text, tx_hash, sequence_number FROM transactions
      WHERE user_id = ${userId}::uuid AND action_id = ${actionId}::uuid
      ORDER BY sequence_number NULLS LAST, tx_timestamp`);
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
        ? sql`t.tx_action`
        : groupBy === 'protocol'
          ? sql`t.tx_protocol`
          : sql`to_char(date_trunc('month', t.tx_timestamp, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM')`;
    const rows = await this.query<
      Array<{ key: string | null; count: number; inflow: string; outflow: string; fees: string }>
    >(sql`
      SELECT ${key} AS key, count(*)::int AS count,
             coalesce(sum(greatest(t.net_ada_change, 0)), 0)::text AS inflow,
             coalesce(sum(least(t.net_ada_change, 0)), 0)::text AS outflow,
             coalesce(sum(t.fees), 0)::text AS fees
      FROM transactions t
      WHERE t.user_id = ${userId}::uuid ${transactionFilterClause(filter)}
      GROUP BY 1 ORDER BY 1`);
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
    const rows = await this.query<TokenInfoRow[]>(sql`
      SELECT unit, name, ticker, decimals FROM tokens WHERE unit = ANY(${wanted}::text[])`);
    for (const r of rows) out.set(r.unit, r);
    return out;
  }

  /** The plain `pg` pool behind the queries, when it is one (the price and settings reads share it). */
  get pool(): pg.Pool | undefined {
    return '$queryRawUnsafe' in this.runner ? undefined : this.runner;
  }

  /** Recent sync jobs of one of the user's wallets, from the sync_jobs table (Prisma queue backend). */
  async recentJobs(userId: string, walletAddress: string, limit: number): Promise<JobSummaryRow[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.query<
      Array<{
        id: string;
        status: string;
        job_type: string;
        created_at: Date;
        started_at: Date | null;
        completed_at: Date | null;
        error_message: string | null;
      }>
    >(sql`
      SELECT id::text, status, job_type, created_at, started_at, completed_at, error_message
      FROM sync_jobs WHERE user_id = ${userId}::uuid AND wallet_address = ${walletAddress}
      ORDER BY created_at DESC LIMIT ${limit}`);
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
    const rows = await this.query<Array<{ count: number; p50: number | null; p95: number | null }>>(sql`
      SELECT count(*)::int AS count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at))::float8 AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - started_at))::float8 AS p95
      FROM sync_jobs
      WHERE status = 'completed' AND completed_at >= ${since} AND started_at IS NOT NULL`);
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

interface RawTokenInfo {
  name: string | null;
  ticker: string | null;
  decimals: number | null;
  known: boolean;
}

function tokenInfo(unit: string, r: RawTokenInfo): TokenInfoRow | null {
  return r.known ? { unit, name: r.name, ticker: r.ticker, decimals: r.decimals } : null;
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

/**
 * Statement name per distinct SQL text (the filters make a handful of variants per query), derived
 * from the text so that repositories sharing a pool never give one name to two different texts.
 */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `adafolio_read_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A comma-separated list of integers, parsed in one pass: for the thousands of values of a history
 * request, about three times cheaper than split(',').map(Number). Null when a value has more than 15
 * digits (a number would no longer be exact).
 */
function parseIntegers(list: string): number[] | null {
  const out: number[] = [];
  let value = 0;
  let digits = 0;
  let negative = false;
  for (let i = 0; i <= list.length; i++) {
    const c = i < list.length ? list.charCodeAt(i) : 44;
    if (c === 44) {
      out.push(negative ? -value : value);
      value = 0;
      digits = 0;
      negative = false;
    } else if (c === 45) negative = true;
    else if (++digits > 15) return null;
    else value = value * 10 + (c - 48);
  }
  return out;
}

/** Quantities as numbers when all have at most 15 digits (exact), else as bigints. */
function parseQuantities(list: string): number[] | bigint[] {
  return parseIntegers(list) ?? list.split(',').map(BigInt);
}

function walletClause(walletAddresses: string[] | undefined): Sql {
  return walletAddresses ? sql`AND wallet_address = ANY(${walletAddresses}::text[])` : empty;
}

function transactionFilterClause(f: TransactionFilter): Sql {
  const parts: Sql[] = [];
  if (f.walletAddresses) parts.push(sql`AND t.wallet_address = ANY(${f.walletAddresses}::text[])`);
  if (f.action) parts.push(sql`AND t.tx_action = ${f.action}`);
  if (f.protocol) parts.push(sql`AND t.tx_protocol = ${f.protocol}`);
  if (f.from) parts.push(sql`AND t.tx_timestamp >= ${f.from}`);
  if (f.to) parts.push(sql`AND t.tx_timestamp < ${f.to}`);
  if (f.unit) {
    parts.push(
      sql`AND EXISTS (SELECT 1 FROM asset_flows f WHERE f.transaction_id = t.id AND f.unit = ${f.unit})`,
    );
  }
  return parts.length ? join(parts) : empty;
}

/** A pool for the read repository: small, with the session settings of every pool (pgPoolConfig). */
export function readPoolConfig(
  url: { host: string; port: number; user?: string; password?: string; database: string },
  max = 10,
): pg.PoolConfig {
  return pgPoolConfig(url, { max });
}
