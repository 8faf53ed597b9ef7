import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedUsdValue,
  POOL_BROKEN,
  POOL_QUOTED_NAME,
  SEEDED_RECORDS,
  seedStakeWallet,
  seedStakingChainData,
} from '../support/staking-seed.js';
import { startApi, type RunningApi } from './support/api-server.js';
import { launchChromium } from './support/browser.js';
import { FakeCip30Wallet } from './support/fake-cip30-wallet.js';
import { ensureWebBuilt } from './support/web-build.js';

/**
 * The Staking page and the reward income rows of the history, in Chromium against the real API:
 * sign-in with a CIP-30 wallet, a stake account added in the page, rewards, pools and prices seeded
 * through the repositories (what the rewards stage writes), announced with `wallet_updated`.
 */

const SHOTS = resolve(process.env.E2E_SCREENSHOT_DIR ?? '.ci/out/screenshots');
/** Set to refresh the dashboard's README pictures from this run. */
const README_SHOTS = process.env.UPDATE_WEB_SCREENSHOTS ? resolve('web/screenshots') : null;

let api: RunningApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const signer = new FakeCip30Wallet();
const pageErrors: string[] = [];

const inYear = (year: string) => SEEDED_RECORDS.filter((r) => r.spendableAt.toISOString().startsWith(year));
/** Σ of the priced values at receipt (the unpriced reward is not in it). */
const usdTotal = (records: typeof SEEDED_RECORDS) =>
  records.reduce((s, r) => s.plus(expectedUsdValue(r) ?? 0), new Decimal(0));
const usd = (d: Decimal) => `$${d.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

async function shot(name: string, readmeName?: string): Promise<void> {
  const path = join(SHOTS, name);
  await page.screenshot({ path, fullPage: true });
  if (README_SHOTS && readmeName) copyFileSync(path, join(README_SHOTS, readmeName));
}

async function ids() {
  const user = await api.db.prisma.user.findUnique({ where: { primaryAddress: signer.baseAddress } });
  if (!user) throw new Error('the sign-in did not create a user');
  const wallets = await api.repositories.wallets.list(user.id);
  const stake = wallets.find((w) => w.address === signer.stakeAddress);
  const payment = wallets.find((w) => w.address === signer.baseAddress);
  if (!stake || !payment) throw new Error('wallets were not added');
  return { userId: user.id, stake, payment };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureWebBuilt();
  [api, browser] = await Promise.all([startApi(), launchChromium()]);
  await seedStakingChainData(api.repositories, api.db.sql);
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await signer.install(context);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await api?.close();
});

describe('Staking page in Chromium against the real API', () => {
  it('without a stake account, says how to get one', async () => {
    await page.goto(api.url);
    await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click();
    await page.getByRole('heading', { name: 'Welcome to Adafolio' }).waitFor();
    await page.getByRole('button', { name: 'Staking' }).click();
    await page.getByTestId('staking-empty').getByText('No stake account yet').waitFor();
    await page.getByRole('button', { name: 'Add a stake account' }).click();
    await page.getByLabel('Address').waitFor();
  });

  it('with a stake account but no rewards yet, shows the empty state; wallet_updated brings the rewards in', async () => {
    await page.getByLabel('Address').fill(signer.stakeAddress);
    await page.getByLabel('Name (optional)').fill('Staking');
    await page.getByRole('button', { name: 'Add wallet' }).click();
    await page.getByTestId('wallet-item').filter({ hasText: 'Staking' }).waitFor();
    await page.getByLabel('Address').fill(signer.baseAddress);
    await page.getByLabel('Name (optional)').fill('Daily');
    await page.getByRole('button', { name: 'Add wallet' }).click();
    await page.getByTestId('wallet-item').filter({ hasText: 'Daily' }).waitFor();

    await page.getByRole('button', { name: 'Staking' }).click();
    await page.getByText('No staking rewards yet.').waitFor();
    await page.getByTestId('delegation').getByText('Not delegated').waitFor();

    const { userId, stake, payment } = await ids();
    await seedStakeWallet(api.repositories, userId, stake.id, stake.address);
    // Two on-chain records of the payment address, between the rewards in time.
    await api.repositories.transactions.upsertBatch(userId, payment.address, [
      {
        txHash: 'a1'.repeat(32),
        blockHeight: 12_000_000,
        txTimestamp: new Date('2025-12-25T10:00:00Z'),
        txAction: 'receive',
        txProtocol: null,
        description: 'Received 25 ADA',
        netAdaChange: 25_000_000n,
        fees: 0n,
        flows: [{ unit: 'lovelace', quantity: 25_000_000n }],
      },
      {
        txHash: 'a2'.repeat(32),
        blockHeight: 12_100_000,
        txTimestamp: new Date('2026-01-03T10:00:00Z'),
        txAction: 'send',
        txProtocol: null,
        description: 'Sent 3 ADA',
        netAdaChange: -3_170_000n,
        fees: 170_000n,
        flows: [{ unit: 'lovelace', quantity: -3_170_000n }],
      },
    ]);
    await api.bus.publish(userId, 'wallet_updated', { walletId: stake.id, walletAddress: stake.address });
    // Live: the page re-reads /api/staking on the event, no reload.
    await page.getByTestId('staking-summary').waitFor();
  });

  it('shows the per-year totals and values exactly, one bar per epoch, pool labels or ids, the ledger', async () => {
    expect(await page.getByTestId('staking-currency').inputValue()).toBe('USD');
    const total = SEEDED_RECORDS.reduce((s, r) => s + r.amount, 0n);
    expect(await page.getByTestId('staking-total-ada').textContent()).toBe(
      `${new Decimal(total.toString()).div(1e6).toFixed()} ADA`,
    );
    expect(await page.getByTestId('staking-total-value').getAttribute('data-exact')).toBe(
      usdTotal(SEEDED_RECORDS).toFixed(),
    );
    await page.getByTestId('staking-unpriced').filter({ hasText: '1 reward without a price' }).waitFor();

    const years = page.getByTestId('staking-years');
    const y2026 = years.locator('[data-year="2026"]');
    const y2025 = years.locator('[data-year="2025"]');
    const v2026 = usdTotal(inYear('2026'));
    expect(await y2026.getByTestId('total-value').getAttribute('data-exact')).toBe(v2026.toFixed());
    expect(await y2026.getByTestId('total-value').textContent()).toBe(usd(v2026));
    expect(await y2026.getByTestId('total-ada').textContent()).toBe('5.850003');
    expect(await y2025.getByTestId('total-value').textContent()).toBe(usd(usdTotal(inYear('2025'))));
    expect(await y2025.getByTestId('total-ada').textContent()).toBe('10.222222');
    // The unpriced reward of 2025 is counted and named, not valued at 0.
    expect(await y2025.getByTestId('unpriced-count').textContent()).toBe('1 unpriced');
    expect(
      await years.getByTestId('year-row').evaluateAll((rows) => rows.map((r) => r.dataset.year)),
    ).toEqual(['2026', '2025']);

    // One bar per epoch (598–603), in ADA and in value (the unpriced epoch has no value bar).
    const chart = page.getByTestId('rewards-chart');
    await chart.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBe(6);
    await chart.getByRole('button', { name: 'USD' }).click();
    await chart.locator('.recharts-bar-rectangle').nth(4).waitFor();
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBe(5);
    await chart.getByRole('button', { name: 'ADA' }).click();
    await page.getByTestId('yield-chart').locator('.recharts-line').first().waitFor();

    // Pools: the ticker, the name (quotes and all), and the pool id when its metadata is unreadable.
    const pools = page.getByTestId('staking-pools');
    expect(await pools.locator('[data-testid="pool-row"] td:first-child').allTextContents()).toEqual([
      'NUTS',
      'No pool',
      POOL_BROKEN,
      POOL_QUOTED_NAME,
    ]);

    // Current delegation: the broken pool, shown by its id; the ledger is 1 ADA off, epoch 597 explains it.
    const delegation = page.getByTestId('delegation');
    expect(await delegation.getByTestId('delegation-pool').textContent()).toBe(POOL_BROKEN);
    await delegation.getByText('in epoch 604', { exact: false }).waitFor();
    expect(await delegation.getByTestId('ledger-mismatch').textContent()).toBe('⚠ Ledger mismatch +1 ADA');
    expect(await delegation.getByTestId('gap-epochs').textContent()).toBe(
      'Staked epochs without a stored reward: 597',
    );

    // Every epoch with its yield against the pool's (NUTS's result is known for epoch 600).
    await page.getByTestId('staking-epochs').locator('summary').click();
    const e600 = page.locator('[data-testid="epoch-row"][data-epoch="600"]');
    expect(await e600.getByTestId('epoch-yield').textContent()).toBe('1.45%');
    expect(await e600.getByTestId('epoch-pool-yield').textContent()).toBe('4.00%');
    expect(await page.getByTestId('epoch-row').count()).toBe(6);
    await shot('10-staking.png', 'staking.png');
  });

  it('downloads the rewards CSV with the auth header', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('staking-csv').click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Spendable at \(UTC\),Epoch earned,Spendable epoch,Wallet,Type,Pool,/);
    expect(lines[0]).toContain('Value (USD)');
    expect(lines).toHaveLength(1 + SEEDED_RECORDS.length);
    expect(lines[1]).toMatch(
      /^2025-12-17T21:44:51\.000Z,598,600,stake1.*,member,NUTS,.*,1\.234567,1234567,,,,outside_history,/,
    );
    expect(lines.some((l) => l.includes(`"'=Nuts, ""Fair"" Pool"`))).toBe(true);
    expect(lines.filter((l) => l.includes(`,${POOL_BROKEN},${POOL_BROKEN},`))).toHaveLength(2);
  });

  it('lists the rewards as income rows among the transactions, and filters them', async () => {
    await page.getByRole('button', { name: 'Transactions' }).click();
    const rows = page.locator('[data-testid="tx-row"], [data-testid="reward-row"]');
    await page.getByTestId('tx-end').filter({ hasText: '2 transactions and 7 rewards' }).waitFor();
    // Newest first, rewards by the time they became spendable, between the records.
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual([
      'reward',
      'reward',
      'send',
      'reward',
      'reward',
      'receive',
      'reward',
      'reward',
      'reward',
    ]);
    const newest = page.getByTestId('reward-row').first();
    expect(await newest.locator('.badge').textContent()).toBe('Reward');
    // Epoch and pool (the id, shortened, for the pool without metadata), no transaction hash.
    expect(await newest.getByTestId('reward-detail').textContent()).toMatch(
      new RegExp(
        `^Epoch 603 · ${POOL_BROKEN.slice(0, 8)}…${POOL_BROKEN.slice(-6)} · \\$\\d+\\.\\d\\d at receipt$`,
      ),
    );
    expect(await newest.locator('a').count()).toBe(0);
    expect(await newest.textContent()).toContain('+1.85');
    await shot('11-history-with-rewards.png', 'history-rewards.png');

    await page.locator('select[name="action"]').selectOption('staking_income');
    await page
      .getByTestId('tx-end')
      .filter({ hasText: /^7 rewards — that is all\.$/ })
      .waitFor();
    expect(await page.getByTestId('tx-row').count()).toBe(0);
    expect(await page.getByTestId('reward-row').count()).toBe(7);
    await page.getByText('Epoch 598 · NUTS · no price').waitFor();

    // The income filter's export is the rewards CSV.
    const download = page.waitForEvent('download');
    await page.getByTestId('csv-export').click();
    const csv = readFileSync(await (await download).path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^Spendable at \(UTC\),/);
    expect(csv).toHaveLength(8);

    // Within a date range (UTC days) and for a wallet; a category or protocol excludes them.
    await page.locator('input[name="from"]').fill('2026-01-01');
    await page
      .getByTestId('tx-end')
      .filter({ hasText: /^3 rewards/ })
      .waitFor();
    await page.locator('select[name="wallet"]').selectOption({ label: 'Daily' });
    await page.getByText('No staking income matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.locator('select[name="action"]').selectOption('receive');
    await page
      .getByTestId('tx-end')
      .filter({ hasText: /^1 transaction — that is all\.$/ })
      .waitFor();
    expect(await page.getByTestId('reward-row').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
