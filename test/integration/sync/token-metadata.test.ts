import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { mapWithConcurrency } from '../../../src/sync/map-with-concurrency.js';
import type { WalletSyncReport } from '../../../src/sync/wallet-sync.service.js';
import {
  addUserWithWallets,
  control,
  createSyncEnv,
  trackByOwner,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type Truth,
  type TruthWallet,
} from './sync-test-env.js';

interface SimStats {
  total: number;
  byEndpoint: Record<string, number>;
}

const ASSETS = '/assets/{asset}';

interface AssetAnswer {
  metadata: { name?: string; ticker?: string; decimals?: number } | null;
  onchain_metadata: { name?: string } | null;
}

/** The simulator's own `/assets/{unit}` answer (read directly; the stats are reset afterwards). */
async function simAsset(sim: RunningSim, unit: string): Promise<AssetAnswer | null> {
  const res = await fetch(`${sim.url}/assets/${unit}`, { headers: { project_id: sim.projectId } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`sim /assets/${unit}: ${res.status}`);
  return (await res.json()) as AssetAnswer;
}

/** Units each wallet holds at the end of the ground truth. */
function heldUnits(wallets: TruthWallet[]): Set<string> {
  const units = new Set<string>();
  for (const w of wallets)
    for (const [unit, q] of Object.entries(w.expected.tokens))
      if (unit !== 'lovelace' && q !== '0') units.add(unit);
  return units;
}

/** The wallet holding the most token units. */
function richestHolder(truth: Truth): TruthWallet {
  return truth.wallets.reduce((a, b) => (heldUnits([b]).size > heldUnits([a]).size ? b : a));
}

const assetRequests = (reports: WalletSyncReport[]) =>
  reports.reduce((s, r) => s + (r.requests.byEndpoint[ASSETS] ?? 0), 0);

describe('token metadata fetched by the sync (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let truth: Truth;
  /** Requests of the richest holder's first sync without its /assets requests (set by the fault test). */
  let chainRequestsOfHolder = 0;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 11,
      wallets: 16,
      txsPerWallet: 12,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { unlimited: true });
    truth = await truthOf(sim);
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('a first sync stores name/ticker/decimals of every held token, one /assets request per unit', async () => {
    const held = heldUnits(truth.wallets);
    expect(held.size).toBeGreaterThan(0);
    const tracked = await trackByOwner(env.app, truth, 'first');
    await control(sim, '/stats/reset', {});
    const reports = await mapWithConcurrency(tracked, 4, (t) =>
      env.app.sync.sync({ userId: t.userId, walletId: t.walletId }),
    );
    const stats = await control<SimStats>(sim, '/stats');

    const rows = await env.app.prisma.token.findMany();
    const stored = new Map(rows.map((r) => [r.unit, r]));
    for (const unit of held) expect({ unit, stored: stored.has(unit) }).toEqual({ unit, stored: true });
    // Each unit fetched once for the whole system, and each fetch counted in exactly one job's report.
    expect(stats.byEndpoint[ASSETS]).toBe(rows.length);
    expect(assetRequests(reports)).toBe(rows.length);
    // (A job that joins another's fetch in flight reports the unit as fetched without a request.)
    expect(reports.reduce((s, r) => s + r.tokenMetadata.fetched, 0)).toBeGreaterThanOrEqual(rows.length);
    expect(reports.every((r) => r.tokenMetadata.failed === 0)).toBe(true);

    // What is stored is what the simulator's /assets/{unit} says.
    let withRegistry = 0;
    for (const unit of held) {
      const answer = await simAsset(sim, unit);
      const row = stored.get(unit)!;
      if (answer?.metadata) {
        withRegistry++;
        expect({ unit, name: row.name, ticker: row.ticker, decimals: row.decimals }).toEqual({
          unit,
          name: answer.metadata.name ?? null,
          ticker: answer.metadata.ticker ?? null,
          decimals: answer.metadata.decimals ?? null,
        });
        expect(row.metadataStandard).toBe('registry');
      } else if (answer?.onchain_metadata?.name) {
        expect({ unit, name: row.name }).toEqual({ unit, name: answer.onchain_metadata.name });
      }
    }
    expect(withRegistry).toBeGreaterThan(0);

    // An idle re-sync still costs at most one request per wallet: known units cost nothing.
    await control(sim, '/stats/reset', {});
    const idle = await mapWithConcurrency(tracked, 4, (t) =>
      env.app.sync.sync({ userId: t.userId, walletId: t.walletId }),
    );
    expect(idle.every((r) => r.outcome === 'idle')).toBe(true);
    expect((await control<SimStats>(sim, '/stats')).total).toBeLessThanOrEqual(tracked.length);
  }, 120_000);

  it("a second user's sync of the same wallets costs no /assets request", async () => {
    const before = await env.app.prisma.token.count();
    const { userId, walletIds } = await addUserWithWallets(env.app, 'second-user', truth.wallets);
    await control(sim, '/stats/reset', {});
    const reports = await mapWithConcurrency([...walletIds.values()], 4, (walletId) =>
      env.app.sync.sync({ userId, walletId }),
    );
    const stats = await control<SimStats>(sim, '/stats');
    expect(reports.every((r) => r.outcome === 'synced')).toBe(true);
    expect(stats.byEndpoint[ASSETS] ?? 0).toBe(0);
    expect(assetRequests(reports)).toBe(0);
    expect(await env.app.prisma.token.count()).toBe(before);
  }, 60_000);

  it('a failing /assets does not fail the sync; the next sync fetches what was left', async () => {
    // A fresh database against the same chain: no token is known there.
    const env2 = await createSyncEnv(sim, { unlimited: true, env: { BLOCKFROST_PROJECT_ID: 'tokenfaults' } });
    try {
      const holder = richestHolder(truth);
      const { userId, walletIds } = await addUserWithWallets(env2.app, 'faulty', [holder]);
      const walletId = walletIds.get(holder.address)!;
      await control(sim, '/faults', { kind: 'status', status: 500, path: '/assets/' });
      let report: WalletSyncReport;
      try {
        report = await env2.app.sync.sync({ userId, walletId });
      } finally {
        await fetch(sim.controlUrl + '/faults', { method: 'DELETE' });
      }
      expect(report.outcome).toBe('synced');
      expect(report.recordsWritten).toBe(holder.expected.transactions.length);
      expect(report.reconciliation?.status).toBe('matched');
      expect(report.tokenMetadata.fetched).toBe(0);
      expect(report.tokenMetadata.failed).toBeGreaterThanOrEqual(heldUnits([holder]).size);
      expect(report.requests.byEndpoint[ASSETS]).toBeGreaterThan(0); // the retries were sent and counted
      expect(await env2.app.prisma.token.count()).toBe(0);
      chainRequestsOfHolder = report.requests.total - report.requests.byEndpoint[ASSETS]!;

      // The next (idle) sync picks the held units up: one request each, on top of its probe.
      const next = await env2.app.sync.sync({ userId, walletId });
      expect(next.outcome).toBe('idle');
      const held = heldUnits([holder]);
      expect(next.tokenMetadata).toEqual({ fetched: held.size, failed: 0 });
      expect(next.requests.byEndpoint[ASSETS]).toBe(held.size);
      const rows = await env2.app.prisma.token.findMany({ where: { unit: { in: [...held] } } });
      expect(rows).toHaveLength(held.size);
    } finally {
      await env2.close();
    }
  }, 60_000);

  it('a spent daily budget stops the fetching for this sync, and the sync still succeeds', async () => {
    const holder = richestHolder(truth);
    expect(heldUnits([holder]).size).toBeGreaterThan(1);
    expect(chainRequestsOfHolder).toBeGreaterThan(0);
    // Budget for the sync's chain requests and exactly one /assets request.
    const env3 = await createSyncEnv(sim, {
      unlimited: true,
      env: { BLOCKFROST_PROJECT_ID: 'tokenbudget' },
      limiter: { dailyLimit: chainRequestsOfHolder + 1, dailyReserve: 0 },
    });
    try {
      const { userId, walletIds } = await addUserWithWallets(env3.app, 'budget', [holder]);
      const report = await env3.app.sync.sync({ userId, walletId: walletIds.get(holder.address)! });
      expect(report.outcome).toBe('synced');
      expect(report.recordsWritten).toBe(holder.expected.transactions.length);
      expect(report.requests.byEndpoint[ASSETS]).toBe(1);
      expect(report.tokenMetadata.fetched).toBe(1);
      expect(report.tokenMetadata.failed).toBeGreaterThanOrEqual(heldUnits([holder]).size - 1);
      expect(await env3.app.prisma.token.count()).toBe(1);
    } finally {
      await env3.close();
    }
  }, 60_000);
});
