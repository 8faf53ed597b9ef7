import type { Decimal } from 'decimal.js';
import type { CostBasisRecordReader, CostBasisRecordRow } from '../db/repositories/cost-basis-records.js';
import type { TokenInfoRow } from '../db/repositories/pg-portfolio-read-repository.js';
import type { StakingRewardRepository } from '../db/repositories/staking-reward-repository.js';
import {
  computeCostBasis,
  gainsReport,
  latestUsableCheckpoint,
  normalizeEvents,
  type Checkpoint,
  type CostBasisEvent,
  type CostBasisResult,
  type CostBasisSettings,
  type GainsReport,
} from '../domain/cost-basis/index.js';
import { LOVELACE } from '../domain/prices/price-types.js';
import { exactToDecimal } from '../domain/valuation/exact-amount.js';
import { dayOf } from '../domain/valuation/utc-day.js';
import type { PriceBookLoader } from '../portfolio/price-book-loader.js';
import { settingsKey } from './gains-settings.js';

/** The period and wallets a report covers; basis is always computed over all the user's wallets. */
export interface GainsScope {
  /** Tax-year label (see tax-year.ts). */
  year?: number;
  /** [from, to) in unix ms; not with `year`. */
  range?: { from: number; to: number };
  /** Only these wallet addresses' disposals, income, warnings and open lots. */
  walletAddresses?: readonly string[];
}

/** A computed report plus what the read side needs to show it (token names, transaction hashes). */
export interface GainsComputation {
  settings: CostBasisSettings;
  report: GainsReport;
  /** Every event in engine order (the ledger export lists them). */
  events: readonly CostBasisEvent[];
  /** Event id → its transaction hash (null for a reward). */
  txOf(eventId: string): string | null;
  tokens: ReadonlyMap<string, TokenInfoRow>;
  /** Every stored record of the user (all wallets), oldest first: the transaction exports read them. */
  records: readonly CostBasisRecordRow[];
  /** Rewards the user has stored (per stake wallet), for the income rows of the exports. */
  rewards: ReadonlyArray<{ walletAddress: string; epoch: number; amount: bigint; spendableAt: Date }>;
  /** Price of one whole `unit` in the report's currency at a time (unix ms), null when unknown. */
  priceAt(unit: string, time: number): Decimal | null;
  /** How the result was reached: `cached`, `incremental` (resumed at `resumedAt` events) or `full`. */
  mode: 'cached' | 'incremental' | 'full';
  resumedAt: number;
}

interface Computed {
  settings: CostBasisSettings;
  version: string;
  events: CostBasisEvent[];
  fingerprints: string[];
  result: CostBasisResult;
  tokens: Map<string, TokenInfoRow>;
  txOf: Map<string, string>;
  records: CostBasisRecordRow[];
  rewards: GainsComputation['rewards'];
  priceAt: GainsComputation['priceAt'];
}

/** A cached computation brought up to date, and how. */
interface Refreshed {
  computed: Computed;
  mode: GainsComputation['mode'];
  resumedAt: number;
}

/** One computation a warm-up brought up to date (`refreshCached`). */
export interface GainsRefresh {
  settings: CostBasisSettings;
  mode: GainsComputation['mode'];
  resumedAt: number;
  events: number;
  durationMs: number;
}

/** Checkpoints every this many events, so a sync's new events resume close to the end. */
const CHECKPOINT_EVERY = 5_000;

const fingerprint = (e: CostBasisEvent) =>
  `${e.id}|${e.kind}|${e.time}|${e.walletId}|${e.unit}|${e.quantity}|${'value' in e ? (e.value?.toFixed() ?? 'null') : ''}`;

/** The owner wallet of an engine wallet id (`addr#deposit`, `addr#listing`): the part before `#`. */
const ownerOf = (walletId: string) => {
  const i = walletId.indexOf('#');
  return i < 0 ? walletId : walletId.slice(0, i);
};

const keyOf = (userId: string, settings: CostBasisSettings) => `${userId}|${settingsKey(settings)}`;

/**
 * Cost basis for one user: loads every record and reward, prices each event from the shared price
 * table, runs the pure engine and reports. Results are kept per user and settings; when the stored
 * history changes (a sync), the events are normalized again (linear) and the engine resumes from the
 * last checkpoint before the first changed event instead of starting over. The API does that right
 * after each sync (`refreshCached`, from its warm-up), so the next report finds it done; a report
 * asked for while it runs waits for the same run rather than computing twice.
 */
export class GainsService {
  private readonly cache = new Map<string, Computed>();
  /** Bringing a key up to date now: later callers share the run. */
  private readonly running = new Map<string, Promise<Refreshed>>();
  /** Invalidations per user: a run started before one does not store its result. */
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly deps: {
      records: CostBasisRecordReader;
      rewards: Pick<StakingRewardRepository, 'list'>;
      tokens: { tokens(units: string[]): Promise<Map<string, TokenInfoRow>> };
      books: PriceBookLoader;
      wallets: { list(userId: string): Promise<Array<{ address: string }>> };
    },
    private readonly options: {
      /** Users × settings kept in memory. Default 200. */
      maxUsers?: number;
      /** A checkpoint every this many events. Default 5,000. */
      checkpointEvery?: number;
    } = {},
  ) {}

  /** Forget a user's results (settings changed: the next report recomputes in full). */
  invalidate(userId: string): void {
    this.epochs.set(userId, (this.epochs.get(userId) ?? 0) + 1);
    const mine = (key: string) => key.startsWith(`${userId}|`);
    for (const key of this.cache.keys()) if (mine(key)) this.cache.delete(key);
    for (const key of this.running.keys()) if (mine(key)) this.running.delete(key);
  }

  /** The settings of every computation of `userId` held now. */
  cachedSettings(userId: string): CostBasisSettings[] {
    const out: CostBasisSettings[] = [];
    for (const [key, c] of this.cache) if (key.startsWith(`${userId}|`)) out.push(c.settings);
    return out;
  }

  /**
   * Brings every computation of `userId` held now up to date with the stored history, one after
   * another (incrementally where a checkpoint allows); nothing for a user with none held.
   */
  async refreshCached(userId: string): Promise<GainsRefresh[]> {
    const out: GainsRefresh[] = [];
    for (const settings of this.cachedSettings(userId)) {
      // Evicted or invalidated meanwhile: nobody looks at it any more.
      if (!this.cache.has(keyOf(userId, settings))) continue;
      const started = performance.now();
      const { computed, mode, resumedAt } = await this.refresh(userId, settings).promise;
      out.push({
        settings,
        mode,
        resumedAt,
        events: computed.events.length,
        durationMs: performance.now() - started,
      });
    }
    return out;
  }

  async compute(
    userId: string,
    settings: CostBasisSettings,
    scope: GainsScope = {},
  ): Promise<GainsComputation> {
    const version = await this.deps.records.version(userId);
    const first = this.refresh(userId, settings, version);
    let refreshed = await first.promise;
    // A run that had started before this request may have read the history before a newer write:
    // then bring it up to date once more (that run starts after this request's read).
    if (first.shared && refreshed.computed.version !== version)
      refreshed = await this.refresh(userId, settings).promise;
    const { computed: c, mode, resumedAt } = refreshed;
    const book = await this.deps.books.book([...c.tokens.keys(), LOVELACE], settings.currency);
    const current = (unit: string): Decimal | null => {
      const p = book.exactPriceOf(unit, settings.currency, 'now');
      return p.exact === null ? null : exactToDecimal(p.exact);
    };
    const wallets = scope.walletAddresses ? new Set(scope.walletAddresses) : null;
    const report = gainsReport(wallets ? onlyWallets(c.result, wallets) : c.result, {
      ...(scope.year !== undefined ? { taxYear: scope.year } : {}),
      ...(scope.range ? { range: scope.range } : {}),
      currentPrice: current,
    });
    return {
      settings,
      report,
      events: c.events,
      txOf: (id) => c.txOf.get(id) ?? null,
      tokens: c.tokens,
      records: c.records,
      rewards: c.rewards,
      priceAt: c.priceAt,
      mode,
      resumedAt,
    };
  }

  /**
   * The run bringing `settings` of `userId` up to date: the one under way, else a new one (for the
   * history at `version` when the caller has just read it).
   */
  private refresh(
    userId: string,
    settings: CostBasisSettings,
    version?: string,
  ): { promise: Promise<Refreshed>; shared: boolean } {
    const key = keyOf(userId, settings);
    const under = this.running.get(key);
    if (under) return { promise: under, shared: true };
    const promise = this.update(key, userId, settings, version).finally(() => {
      if (this.running.get(key) === promise) this.running.delete(key);
    });
    this.running.set(key, promise);
    return { promise, shared: false };
  }

  private async update(
    key: string,
    userId: string,
    settings: CostBasisSettings,
    known?: string,
  ): Promise<Refreshed> {
    const epoch = this.epochs.get(userId) ?? 0;
    const version = known ?? (await this.deps.records.version(userId));
    const previous = this.cache.get(key);
    if (previous && previous.version === version)
      return { computed: previous, mode: 'cached', resumedAt: previous.events.length };
    const loaded = await this.load(userId, settings);
    const fingerprints = loaded.events.map(fingerprint);
    const store = (computed: Computed) => {
      if ((this.epochs.get(userId) ?? 0) !== epoch) return;
      this.cache.delete(key);
      this.cache.set(key, computed);
      while (this.cache.size > (this.options.maxUsers ?? 200))
        this.cache.delete(this.cache.keys().next().value!);
    };
    let from: Checkpoint | null = null;
    if (previous) {
      let first = 0;
      const n = Math.min(fingerprints.length, previous.fingerprints.length);
      while (first < n && fingerprints[first] === previous.fingerprints[first]) first++;
      if (first === fingerprints.length && first === previous.fingerprints.length) {
        // Stored rows changed in ways that change no event (a description, token metadata).
        const computed = { ...previous, ...loaded, version, fingerprints, result: previous.result };
        store(computed);
        return { computed, mode: 'cached', resumedAt: previous.events.length };
      }
      // The first position where either list differs: an added, edited or (rollback) removed event.
      const firstTime = Math.min(
        loaded.events[first]?.time ?? Number.POSITIVE_INFINITY,
        previous.events[first]?.time ?? Number.POSITIVE_INFINITY,
      );
      from = latestUsableCheckpoint(previous.result.checkpoints, firstTime, settings);
    }
    const every = this.options.checkpointEvery ?? CHECKPOINT_EVERY;
    const checkpointAt: number[] = [];
    for (let i = (from?.eventCount ?? 0) + every; i < loaded.events.length; i += every) checkpointAt.push(i);
    const result = computeCostBasis(loaded.events, settings, { ...(from ? { from } : {}), checkpointAt });
    // Keep the earlier checkpoints that are still valid: they cover unchanged events.
    if (from && previous)
      result.checkpoints = [
        ...previous.result.checkpoints.filter((c) => c.eventCount <= from.eventCount),
        ...result.checkpoints,
      ];
    const computed = { settings, version, fingerprints, result, ...loaded };
    store(computed);
    return { computed, mode: from ? 'incremental' : 'full', resumedAt: from?.eventCount ?? 0 };
  }

  private async load(userId: string, settings: CostBasisSettings) {
    const [records, rewards, wallets] = await Promise.all([
      this.deps.records.records(userId),
      this.deps.rewards.list(userId),
      this.deps.wallets.list(userId),
    ]);
    const units = new Set<string>();
    for (const r of records) for (const u of r.flows.keys()) if (u !== LOVELACE) units.add(u);
    const tokens = await this.deps.tokens.tokens([...units]);
    const book = await this.deps.books.book([...units, LOVELACE], settings.currency);
    const decimalsOf = (unit: string) => (unit === LOVELACE ? 6 : (tokens.get(unit)?.decimals ?? 0));
    const priceAt = (unit: string, time: number): Decimal | null => {
      const p = book.exactPriceOf(unit, settings.currency, dayOf(new Date(time)));
      return p.exact === null ? null : exactToDecimal(p.exact);
    };
    const rewardInputs = rewards.map((r) => ({
      walletId: r.walletAddress,
      epoch: r.epoch,
      amount: r.amount,
      spendableAt: r.spendableAt,
      type: r.type,
      sourceKey: r.sourceKey,
    }));
    // A wallet whose rewards are not stored (a chain that lists none, as an imported recording) has
    // only its withdrawals to go by: under "when earned" they stand in for the rewards they paid out,
    // income at the withdrawal, as the exports show them; never ADA appearing without a basis.
    if (settings.rewardPolicy === 'when_earned') {
      const known = new Set(rewards.map((r) => r.walletAddress));
      for (const r of records)
        if (r.withdrawal > 0n && !known.has(r.walletAddress))
          rewardInputs.push({
            walletId: r.walletAddress,
            epoch: -1,
            amount: r.withdrawal,
            spendableAt: new Date(r.blockTime * 1000),
            type: 'member',
            sourceKey: `withdrawal:${r.txHash}`,
          });
    }
    const events = normalizeEvents({
      records,
      rewards: rewardInputs,
      price: priceAt,
      ownWallets: wallets.map((w) => w.address),
      rewardPolicy: settings.rewardPolicy,
      decimalsOf,
    });
    const txOf = new Map<string, string>();
    for (const e of events) if (e.txId) txOf.set(e.id, e.txId);
    const stored = rewards.map((r) => ({
      walletAddress: r.walletAddress,
      epoch: r.epoch,
      amount: r.amount,
      spendableAt: r.spendableAt,
    }));
    return { events, tokens, txOf, records, rewards: stored, priceAt };
  }
}

/** The part of a result that belongs to `wallets` (their own, deposit and listing pseudo-wallets). */
function onlyWallets(result: CostBasisResult, wallets: ReadonlySet<string>): CostBasisResult {
  const mine = (walletId: string) => wallets.has(ownerOf(walletId));
  return {
    ...result,
    lots: result.lots.filter((l) => mine(l.walletId)),
    disposals: result.disposals.filter((d) => mine(d.walletId)),
    income: result.income.filter((r) => mine(r.walletId)),
    warnings: result.warnings.filter((w) => mine(w.walletId)),
  };
}
