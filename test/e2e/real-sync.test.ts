import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle, type TruthWallet } from '../../sim/index.js';
import { startApi } from '../../src/api/start-api.js';
import { createAppContext, type AppContext } from '../../src/composition/create-app-context.js';
import { startWorker } from '../../src/composition/start-worker.js';
import { loadConfig } from '../../src/config/config.js';
import type { JobConsumer } from '../../src/queue/index.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../support/test-database.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { launchChromium } from './support/browser.js';
import { WEB_DIST, ensureWebBuilt } from './support/web-build.js';

/**
 * The whole chain, no seeding: chain simulator → worker (sync pipeline, Prisma queue, shared Redis
 * bucket) → PostgreSQL → API → dashboard in Chromium, signed in with the demo key. The wallet the user
 * adds is synced for real and the page must show the simulator's ground-truth balance and history.
 */

const SHOTS = resolve(process.env.E2E_SCREENSHOT_DIR ?? '.ci/out/screenshots');

let sim: SimulatorHandle;
let db: TestDatabase;
let ctx: AppContext;
let consumer: JobConsumer;
let api: FastifyInstance;
let apiUrl: string;
let browser: Browser;
let wallet: TruthWallet;

beforeAll(async () => {
  ensureWebBuilt();
  [sim, db, browser] = await Promise.all([
    startSimulator({ port: 0, seed: 11, wallets: 4, txsPerWallet: 30 }),
    createTestDatabase(),
    launchChromium(),
  ]);
  const truth = (await (await fetch(`${sim.controlUrl}/truth`)).json()) as { wallets: TruthWallet[] };
  // Truth is written for a user who tracks every wallet of an owner: take an owner with one wallet.
  const owners = new Map<string, number>();
  for (const w of truth.wallets) owners.set(w.owner, (owners.get(w.owner) ?? 0) + 1);
  const single = truth.wallets.filter(
    (w) => owners.get(w.owner) === 1 && w.expected.transactions.length > 25,
  );
  if (!single[0]) throw new Error('the generated chain has no single-wallet owner with > 25 records');
  wallet = single[0];

  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    BLOCKFROST_URL: sim.url,
    BLOCKFROST_PROJECT_ID: sim.projectId,
    QUEUE_BACKEND: 'prisma',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'e2e-secret-0123456789-0123456789-abcdef',
  });
  ctx = await createAppContext(config, {
    queue: true,
    redisPrefix: testRedisPrefix('e2e-sync'),
    poolSize: 4,
  });
  consumer = await startWorker(ctx, { resync: false, jobs: 1 });
  // The API exactly as `adafolio api` builds it, from the same composition root as the worker.
  api = await startApi(ctx, { port: 0, host: '127.0.0.1', webDistDir: WEB_DIST });
  apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await api?.close().catch(() => undefined);
  await consumer?.stop({ graceful: false, timeoutMs: 5_000 }).catch(() => undefined);
  await ctx?.close().catch(() => undefined);
  await sim?.close().catch(() => undefined);
  await db?.drop();
});

function ada(lovelace: string): string {
  const q = BigInt(lovelace);
  const whole = (q / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (q % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

describe('real sync from the chain simulator, seen in the dashboard', () => {
  it('adds a simulated wallet, receives live sync events, and shows the ground-truth balance and history', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const frames: string[] = [];
      page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
      await page.goto(apiUrl);
      await page.getByTestId('sign-in-demo-key').click();
      await page.getByRole('button', { name: 'Add a wallet' }).click();
      await page.getByLabel('Address').fill(wallet.address);
      await page.getByLabel('Name (optional)').fill('Simulated');
      await page.getByRole('button', { name: 'Add wallet' }).click();

      // The worker syncs it; wallet_updated makes the page re-read the wallet, now reconciled.
      await page.getByTestId('reconciliation-matched').waitFor({ timeout: 100_000 });
      // The final 'done' progress event ends the progress bar.
      await page.getByTestId('sync-progress').waitFor({ state: 'detached' });
      const types = frames.map((f) => (JSON.parse(f) as { type: string }).type);
      expect(types).toContain('sync_progress');
      expect(types).toContain('wallet_updated');
      await page.screenshot({ path: join(SHOTS, '10-real-sync-wallets.png') });

      await page.getByRole('button', { name: 'Overview' }).click();
      await page
        .getByTestId('holding-lovelace')
        .filter({ hasText: new RegExp(`^${ada(wallet.expected.balanceLovelace).replace(/\./g, '\\.')}$`) })
        .waitFor();
      for (const [unit, qty] of Object.entries(wallet.expected.tokens)) {
        if (qty === '0') continue;
        await page.getByTestId(`holding-${unit}`).waitFor();
      }
      // After the sync the worker refreshes prices (the simulator's CoinGecko): the value appears in
      // USD (the base currency) without a reload, ADA's being the balance × the latest ADA/USD price the worker stored.
      // No reload: the worker's prices_updated event makes the page re-read its values.
      const value = page.getByTestId('value-lovelace');
      await value.filter({ hasText: '$' }).waitFor({ timeout: 60_000 });
      const latest = await ctx.sql.query<{ price: string }>(
        `SELECT price::text FROM latest_prices WHERE unit = 'lovelace' AND currency = 'USD'`,
      );
      expect(latest.rows).toHaveLength(1);
      const exact = await value.getAttribute('data-exact');
      expect(exact).not.toBeNull();
      const [int, frac = ''] = latest.rows[0]!.price.split('.');
      const priceMicros = BigInt(int! + frac) * BigInt(wallet.expected.balanceLovelace);
      const scale = frac.length + 6;
      const digits = priceMicros.toString().padStart(scale + 1, '0');
      const expectedExact = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`.replace(/\.?0+$/, '');
      expect(exact).toBe(expectedExact);
      await page.getByTestId('total-value').filter({ hasText: '$' }).waitFor();
      // The daily history the refresh stored: the value-over-time chart fills, still without a reload.
      await page.getByTestId('value-history').locator('.recharts-area').first().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(SHOTS, '11-real-sync-overview.png'), fullPage: true });

      await page.getByRole('button', { name: 'Transactions' }).click();
      const expected = wallet.expected.transactions.length;
      await page.getByTestId('tx-row').first().waitFor();
      while (await page.getByRole('button', { name: 'Load more' }).isVisible()) {
        await page.getByRole('button', { name: 'Load more' }).click();
        await page
          .getByRole('button', { name: /Load more|Loading/ })
          .or(page.getByTestId('tx-end'))
          .first()
          .waitFor();
      }
      await page
        .getByTestId('tx-end')
        .filter({ hasText: `${expected} transaction` })
        .waitFor();
      const actions = await page
        .getByTestId('tx-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
      const want = wallet.expected.transactions.map((t) => t.action).sort();
      expect(actions.sort()).toEqual(want);
    } finally {
      await context.close();
    }
    // Generous: CI machines have two cores shared by several suites that start servers.
  }, 150_000);
});
