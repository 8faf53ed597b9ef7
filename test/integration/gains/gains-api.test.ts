import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { JwtService } from '../../../src/api/auth/jwt-service.js';
import { PgCostBasisRecords } from '../../../src/db/repositories/pg-cost-basis-records.js';
import { PgPortfolioReadRepository } from '../../../src/db/repositories/pg-portfolio-read-repository.js';
import { DEFAULT_COST_BASIS_SETTINGS } from '../../../src/domain/cost-basis/index.js';
import { GainsService } from '../../../src/gains/gains-service.js';
import { gainsView } from '../../../src/gains/gains-view.js';
import { mapWithConcurrency } from '../../../src/sync/map-with-concurrency.js';
import { PriceBookLoader } from '../../../src/portfolio/price-book-loader.js';
import { RedisEventBus } from '../../../src/realtime/index.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { call, startApi, TEST_JWT_SECRET, type ApiHarness } from '../api/support/api-harness.js';
import {
  control,
  createSyncEnv,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TrackedWallet,
} from '../sync/sync-test-env.js';

/** Wide enough that sums of 8-place figures are exact. */
const Wide = Decimal.clone({ precision: 100 });
const METHODS = ['fifo', 'lifo', 'hifo', 'average', 'uk'] as const;

interface TruthPrices {
  prices: {
    ada: Record<string, Record<string, string>>;
    tokens: Record<string, { ADA: Record<string, string> }>;
  };
}
interface Gains {
  method: string;
  currency: string;
  disposals: Array<{
    unit: string;
    walletAddress: string;
    txHash: string | null;
    proceeds: string;
    cost: string;
    gain: string;
    flags: string[];
  }>;
  realized: { gain: string; byToken: Array<{ unit: string; proceeds: string; cost: string; gain: string }> };
  unrealized: { byToken: Array<{ unit: string; cost: string; value: string | null; gain: string | null }> };
  income: { total: string; rows: unknown[] };
  warnings: Array<{ kind: string }>;
  counts: { missingBasis: number; missingPrice: number; events: number };
}

/** Minimal CSV reader for the exports' own output (quoted cells with doubled quotes). */
function csvRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const cells: string[] = [];
      const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
      for (let m = re.exec(line); m && m[0] !== ''; m = re.exec(line)) {
        const raw = m[1]!;
        cells.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
        if (m[2] === '') break;
      }
      return cells;
    });
}

describe('gains API on a synced generated chain (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let api: ApiHarness;
  /** The API's event bus, on the sync's Redis prefix: it hears the syncs' wallet_updated. */
  let apiBus: RedisEventBus;
  let tracked: TrackedWallet[];
  let owner: string;
  let token: string;
  let otherToken: string;
  const get = <T>(path: string, t = token) => call<T>(api, 'GET', path, { token: t });
  /** Syncs the owner's wallets again (after new blocks or a rollback). */
  const syncOwner = () =>
    mapWithConcurrency(
      tracked.filter((t) => t.userId === owner),
      2,
      (t) => env.app.sync.sync({ userId: t.userId, walletId: t.walletId }),
    );
  /** What a fresh GainsService of the test (not the API's) reads from. */
  const deps = () => ({
    records: new PgCostBasisRecords(env.db.sql),
    rewards: env.app.repositories.stakingRewards,
    tokens: new PgPortfolioReadRepository(env.db.prisma),
    books: new PriceBookLoader({ prices: env.app.repositories.prices, now: () => new Date() }, { ttlMs: 0 }),
    wallets: env.app.repositories.wallets,
  });

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 21,
      wallets: 8,
      txsPerWallet: 40,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true });
    const truth = await truthOf(sim);
    tracked = await trackByOwner(env.app, truth, 'gains');
    await mapWithConcurrency(tracked, 4, (t) =>
      env.app.sync.sync({ userId: t.userId, walletId: t.walletId }),
    );
    // Prices as the simulated sources would give them: ADA/USD per day, each token's pool price in ADA
    // per day, and a latest price for every token (its pool's last day), so "value now" is known.
    const { prices } = (await control(sim, '/truth')) as TruthPrices;
    const daily = Object.entries(prices.ada.USD!).map(([day, p]) => ({
      unit: 'lovelace',
      currency: 'USD',
      day,
      price: new Decimal(p),
      source: 'test',
    }));
    const latest = [];
    for (const [unit, { ADA }] of Object.entries(prices.tokens)) {
      const days = Object.keys(ADA).sort();
      for (const day of days)
        daily.push({ unit, currency: 'ADA', day, price: new Decimal(ADA[day]!), source: 'test' });
      latest.push({
        unit,
        currency: 'ADA',
        price: new Decimal(ADA[days.at(-1)!]!),
        source: 'test',
        observedAt: new Date(),
      });
    }
    await env.app.repositories.prices.upsertDaily(daily);
    await env.app.repositories.prices.upsertLatest(latest);
    apiBus = new RedisEventBus({ url: TEST_REDIS_URL, prefix: env.redisPrefix });
    // Checkpoints close together, so a recompute after a few new blocks resumes from one.
    api = await startApi({ gainsCheckpointEvery: 25 }, env.db, { eventBus: apiBus });
    // The owner with the most wallets (the one whose history has the most going on).
    const counts = new Map<string, number>();
    for (const t of tracked) counts.set(t.userId, (counts.get(t.userId) ?? 0) + 1);
    owner = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    const jwt = new JwtService({ secret: TEST_JWT_SECRET }, { now: () => new Date() });
    token = (await jwt.issue(owner)).accessToken;
    otherToken = (await jwt.issue(tracked.find((t) => t.userId !== owner)!.userId)).accessToken;
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await apiBus?.close();
    await env?.close();
    await sim?.close();
  });

  it('for every method: realized + unrealized = proceeds + value now − cost of all acquisitions, per token', async () => {
    // Fees as disposals: then every lovelace of basis stays in a lot or goes to a disposal.
    const ledger = csvRows(
      (await get<string>('/api/gains/export?format=ledger&feePolicy=disposal&currency=USD')).body,
    );
    const head = ledger[0]!;
    const col = (name: string) => head.indexOf(name);
    const acquired = new Map<string, Decimal>();
    const add = (unit: string, v: string) =>
      acquired.set(unit, (acquired.get(unit) ?? new Wide(0)).plus(v || 0));
    for (const r of ledger.slice(1)) {
      const kind = r[col('event')]!;
      if (kind === 'acquire' || kind === 'income') add(r[col('unit')]!, r[col('value')]!);
      if (kind === 'swap') add(r[col('bought_unit')]!, r[col('value')]!);
    }
    const kinds = new Set(ledger.slice(1).map((r) => r[col('event')]));
    for (const k of ['acquire', 'dispose', 'swap', 'income', 'fee', 'transfer'])
      expect(kinds, k).toContain(k);
    expect(acquired.size).toBeGreaterThan(3);
    const totals = new Map<string, string>();
    for (const method of METHODS) {
      const res = await get<Gains>(`/api/gains?method=${method}&feePolicy=disposal&currency=USD`);
      expect(res.status).toBe(200);
      expect(res.body.method).toBe(method);
      const realized = new Map(res.body.realized.byToken.map((t) => [t.unit, t]));
      const unrealized = new Map(res.body.unrealized.byToken.map((t) => [t.unit, t]));
      // Every token with a disposal or a holding: sold-out ones (NFTs sold again) hold nothing now.
      let checked = 0;
      let soldOut = 0;
      for (const unit of new Set([...realized.keys(), ...unrealized.keys()])) {
        const u = unrealized.get(unit);
        if (u && u.value === null) continue; // held without a price now: flagged, not a figure
        const r = realized.get(unit);
        const lhs = new Wide(r?.gain ?? 0).plus(u?.gain ?? 0);
        const rhs = new Wide(r?.proceeds ?? 0).plus(u?.value ?? 0).minus(acquired.get(unit) ?? 0);
        expect({ method, unit, diff: lhs.minus(rhs).abs().lt('0.0001') }).toEqual({
          method,
          unit,
          diff: true,
        });
        checked++;
        if (!u) soldOut++;
      }
      expect(checked).toBeGreaterThan(3);
      expect(soldOut).toBeGreaterThan(0);
      totals.set(method, res.body.realized.gain);
    }
    // The methods match lots differently: they do not all give the same realized gain.
    expect(new Set(totals.values()).size).toBeGreaterThan(1);
  });

  it('reports income from staking rewards, NFT trades among the disposals, and flags without guessing', async () => {
    const res = await get<Gains>('/api/gains?currency=USD');
    expect(res.body.income.rows.length).toBeGreaterThan(0);
    expect(new Wide(res.body.income.total).gt(0)).toBe(true);
    expect(res.body.disposals.length).toBeGreaterThan(0);
    // NFT trades: a sale disposes of the NFT, a purchase disposes of the ADA paid for it.
    const nft = await env.db.sql.query<{ tx_hash: string; tx_action: string }>(
      `SELECT DISTINCT tx_hash, tx_action FROM transactions WHERE tx_action IN ('nft_sale', 'nft_purchase')`,
    );
    const nftAction = new Map(nft.rows.map((r) => [r.tx_hash, r.tx_action]));
    const nftDisposals = res.body.disposals.filter((d) => d.txHash && nftAction.has(d.txHash));
    expect(nftDisposals.some((d) => nftAction.get(d.txHash!) === 'nft_sale' && d.unit !== 'lovelace')).toBe(
      true,
    );
    expect(
      nftDisposals.some((d) => nftAction.get(d.txHash!) === 'nft_purchase' && d.unit === 'lovelace'),
    ).toBe(true);
    for (const w of res.body.warnings) expect(['missing_basis', 'missing_price']).toContain(w.kind);
    expect(res.body.counts.missingBasis).toBe(
      res.body.warnings.filter((w) => w.kind === 'missing_basis').length,
    );
  });

  it('bad input: 400 naming the accepted values; an empty year is an empty report; another user’s wallet is 404', async () => {
    const bad = async (query: string, needle: string) => {
      const res = await get<{ message: string }>(`/api/gains${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.message).toContain(needle);
    };
    await bad('?method=lifoo', 'fifo, lifo, hifo, average, uk');
    await bad('?currency=XYZ', 'ADA, USD');
    await bad('?year=20x4', 'year');
    await bad('?year=2024&from=2024-01-01', 'either year or from/to');
    await bad('?from=2024-02-30', 'calendar date');
    await bad('?rewardPolicy=sometimes', 'when_earned, when_withdrawn');
    await bad('?feePolicy=ignore', 'add_to_basis, disposal');
    const fmt = await get<{ message: string }>('/api/gains/export?format=turbotax');
    expect(fmt.status).toBe(400);
    expect(fmt.body.message).toContain('koinly, cointracker, ledger, 8949');
    const empty = await get<Gains>('/api/gains?year=2019');
    expect(empty.status).toBe(200);
    expect(empty.body.disposals).toEqual([]);
    expect(empty.body.realized.gain).toBe('0');
    const emptyCsv = await get<string>('/api/gains/export?format=8949&year=2019');
    expect(emptyCsv.status).toBe(200);
    expect(csvRows(emptyCsv.body)).toHaveLength(1);
    const mine = tracked.find((t) => t.userId === owner)!;
    expect((await get(`/api/gains?walletIds=${mine.walletId}`, otherToken)).status).toBe(404);
    expect((await call(api, 'GET', '/api/gains')).status).toBe(401);
  });

  it('scopes disposals to the wallets asked for; basis still comes from all of the user’s wallets', async () => {
    const all = await get<Gains>('/api/gains?currency=USD');
    const mine = tracked.filter((t) => t.userId === owner);
    let scoped = 0;
    for (const t of mine) {
      const one = await get<Gains>(`/api/gains?currency=USD&walletIds=${t.walletId}`);
      expect(one.body.disposals.every((d) => d.walletAddress === t.wallet.address)).toBe(true);
      scoped += one.body.disposals.length;
    }
    // Escrowed DEX orders belong to no wallet: the per-wallet reports hold at most all rows.
    expect(scoped).toBeLessThanOrEqual(all.body.disposals.length);
    expect(scoped).toBeGreaterThan(0);
  });

  it('settings: saved method and policies are the defaults of the next report; bad values are 400', async () => {
    const patch = await call<{ costBasis: Record<string, string>; accepted: { methods: string[] } }>(
      api,
      'PATCH',
      '/api/me/settings',
      { token, body: { costBasisMethod: 'hifo', taxYearStart: '4-6', feePolicy: 'disposal' } },
    );
    expect(patch.status).toBe(200);
    expect(patch.body.costBasis).toEqual({
      method: 'hifo',
      taxYearStart: '4-6',
      rewardPolicy: 'when_earned',
      feePolicy: 'disposal',
    });
    expect(patch.body.accepted.methods).toEqual(['fifo', 'lifo', 'hifo', 'average', 'uk']);
    const report = await get<Gains & { taxYearStart: string; feePolicy: string }>('/api/gains');
    expect(report.body).toMatchObject({ method: 'hifo', taxYearStart: '4-6', feePolicy: 'disposal' });
    const badPatch = await call<{ message: string }>(api, 'PATCH', '/api/me/settings', {
      token,
      body: { costBasisMethod: 'newest' },
    });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.message).toContain('fifo, lifo, hifo, average, uk');
    const reset = await call<{ costBasis: Record<string, string> }>(api, 'PATCH', '/api/me/settings', {
      token,
      body: { costBasisMethod: null, taxYearStart: null, feePolicy: null },
    });
    expect(reset.body.costBasis.method).toBe('fifo');
  });

  it('after a sync with new blocks the service resumes from a checkpoint and equals a full recompute', async () => {
    const settings = { ...DEFAULT_COST_BASIS_SETTINGS, currency: 'USD' };
    const service = new GainsService(deps(), { checkpointEvery: 25 });
    const first = await service.compute(owner, settings);
    expect(first.mode).toBe('full');
    expect((await service.compute(owner, settings)).mode).toBe('cached');
    await control(sim, '/blocks', { count: 3 });
    const reports = await syncOwner();
    const again = await service.compute(owner, settings);
    expect(reports.some((r) => r.recordsWritten > 0)).toBe(true);
    expect(again.events.length).toBeGreaterThan(first.events.length);
    // New blocks only add events at the end: the engine resumes late in the history.
    expect(again.mode).toBe('incremental');
    expect(again.resumedAt).toBeGreaterThan(first.events.length / 2);
    const fresh = await new GainsService(deps()).compute(owner, settings);
    const period = { year: null, from: null, to: null };
    expect(gainsView(again, period, new Map())).toEqual(gainsView(fresh, period, new Map()));
    // A rollback removes events at the end: no checkpoint covering them may be resumed from.
    await control(sim, '/rollback', { depth: 2 });
    await syncOwner();
    const rolled = await service.compute(owner, settings);
    const freshRolled = await new GainsService(deps()).compute(owner, settings);
    expect(gainsView(rolled, period, new Map())).toEqual(gainsView(freshRolled, period, new Map()));
  });

  it('after a sync the API brings the cost basis it holds up to date in the background: the next report is cached and equals a full recompute', async () => {
    /** The API's warm-up counts, as /metrics shows them. */
    const warmup = async () => {
      const text = (await call<string>(api, 'GET', '/metrics')).body;
      const stats = new Map<string, number>();
      for (const m of text.matchAll(/^adafolio_gains_warmup\{stat="(\w+)"\} (\d+)$/gm))
        stats.set(m[1]!, Number(m[2]));
      const modes = new Map<string, number>();
      for (const m of text.matchAll(/^adafolio_gains_warmup_computations_total\{mode="(\w+)"\} (\d+)$/gm))
        modes.set(m[1]!, Number(m[2]));
      const busy = (stats.get('scheduled') ?? 0) + (stats.get('queued') ?? 0) + (stats.get('running') ?? 0);
      return {
        done: stats.get('done') ?? -1,
        failed: stats.get('failed') ?? -1,
        busy,
        incremental: modes.get('incremental') ?? 0,
        full: modes.get('full') ?? 0,
      };
    };
    const until = async (check: () => Promise<boolean>, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    // The earlier tests' syncs warmed this user up already: let that finish first.
    await until(async () => (await warmup()).busy === 0, 'the earlier warm-ups');
    // Settings no earlier test asked for: computed in full on this first request.
    const query = '/api/gains?method=lifo&currency=USD&rewardPolicy=when_withdrawn';
    const before = await get<Gains>(query);
    expect(before.status).toBe(200);
    expect(before.headers.get('x-gains-compute')).toBe('full');
    const start = await warmup();

    await control(sim, '/blocks', { count: 3 });
    const reports = await syncOwner();
    expect(reports.some((r) => r.recordsWritten > 0)).toBe(true);
    // The syncs published wallet_updated; the API warms the user up once they have been quiet.
    await until(async () => {
      const now = await warmup();
      return now.done > start.done && now.busy === 0;
    }, 'the warm-up after the sync');
    const end = await warmup();
    expect(end.failed).toBe(0);
    // Resumed from a checkpoint: the warm-up recomputed only from the first new event on.
    expect(end.incremental).toBeGreaterThan(start.incremental);
    expect(end.full).toBe(start.full);

    const after = await get<Gains>(query);
    expect(after.status).toBe(200);
    // The sync's events dropped the response cache: the report was asked of the gains service,
    // which had it ready.
    expect(after.headers.get('x-cache')).toBe('miss');
    expect(after.headers.get('x-gains-compute')).toBe('cached');
    expect(after.body.counts.events).toBeGreaterThan(before.body.counts.events);
    const settings = {
      ...DEFAULT_COST_BASIS_SETTINGS,
      method: 'lifo' as const,
      currency: 'USD',
      rewardPolicy: 'when_withdrawn' as const,
    };
    const fresh = await new GainsService(deps()).compute(owner, settings);
    expect(fresh.mode).toBe('full');
    const ids = new Map((await env.app.repositories.wallets.list(owner)).map((w) => [w.address, w.id]));
    const period = { year: null, from: null, to: null };
    expect(after.body).toEqual(JSON.parse(JSON.stringify(gainsView(fresh, period, ids))));
  });
});
