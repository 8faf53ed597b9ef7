import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewWalletTransaction } from '../../src/db/repositories/index.js';
import { PgPriceRepository } from '../../src/db/repositories/pg-price-repository.js';
import { startApi, type RunningApi } from './support/api-server.js';
import { launchChromium } from './support/browser.js';
import { FakeCip30Wallet } from './support/fake-cip30-wallet.js';
import { ensureWebBuilt } from './support/web-build.js';

/**
 * The Gains page in Chromium against the real API: a wallet's records (two ADA receipts at different
 * prices, a swap of ADA for TOK, a later swap of part of the TOK back to ADA, a send of a token never
 * acquired and a receipt of a token without any price) and the prices are seeded through the
 * repositories; the page must show the figures computed by hand below, per method.
 */

const SHOTS = resolve(process.env.E2E_SCREENSHOT_DIR ?? '.ci/out/screenshots');
const README_SHOTS = process.env.UPDATE_WEB_SCREENSHOTS ? resolve('web/screenshots') : null;

const TOK = 'a1'.repeat(28) + '544f4b'; // policy + "TOK"
const GHOST = 'b2'.repeat(28) + '47484f5354'; // "GHOST": sent, never received (no basis)
const NOPX = 'c3'.repeat(28) + '4e4f5058'; // "NOPX": received, never priced
const ADA = 1_000_000n;

const hash = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const TX = { r1: hash(1), r2: hash(2), buy: hash(3), sell: hash(4), ghost: hash(5), nopx: hash(6) };
const noon = (day: string) => new Date(`${day}T12:00:00.000Z`);

/** ADA/USD on the event days only (prices carry at most 7 days; the events are further apart). */
const ADA_USD: Record<string, string> = {
  '2024-01-10': '0.50',
  '2024-02-10': '0.80',
  '2024-03-01': '1.00',
  '2025-06-01': '1.00',
  '2025-07-01': '1.00',
};

function record(
  txHash: string,
  day: string,
  txAction: string,
  flows: Array<{ unit: string; quantity: bigint }>,
  description: string,
  txProtocol: string | null = null,
): NewWalletTransaction {
  return {
    txHash,
    blockHeight: 10_000_000 + Object.values(TX).indexOf(txHash) * 1000,
    txTimestamp: noon(day),
    txAction,
    txProtocol,
    description,
    netAdaChange: flows.find((f) => f.unit === 'lovelace')?.quantity ?? 0n,
    fees: 0n,
    flows,
  };
}

const RECORDS: NewWalletTransaction[] = [
  record(TX.r1, '2024-01-10', 'receive', [{ unit: 'lovelace', quantity: 1000n * ADA }], 'Received 1000 ADA'),
  record(TX.r2, '2024-02-10', 'receive', [{ unit: 'lovelace', quantity: 1000n * ADA }], 'Received 1000 ADA'),
  record(
    TX.buy,
    '2024-03-01',
    'swap_fill',
    [
      { unit: 'lovelace', quantity: -500n * ADA },
      { unit: TOK, quantity: 1000n },
    ],
    'Swapped 500 ADA for 1000 TOK',
    'minswap',
  ),
  record(
    TX.sell,
    '2025-06-01',
    'swap_fill',
    [
      { unit: TOK, quantity: -400n },
      { unit: 'lovelace', quantity: 800n * ADA },
    ],
    'Swapped 400 TOK for 800 ADA',
    'minswap',
  ),
  record(TX.ghost, '2025-07-01', 'send', [{ unit: GHOST, quantity: -50n }], 'Sent 50 GHOST'),
  record(TX.nopx, '2025-08-01', 'receive', [{ unit: NOPX, quantity: 100n }], 'Received 100 NOPX'),
];

/**
 * By hand (USD, fees 0):
 *  lots of ADA: 1000 @ 0.50 ($500, 10 Jan 2024), 1000 @ 0.80 ($800, 10 Feb 2024).
 *  1 Mar 2024, 500 ADA → 1000 TOK at ADA $1.00: proceeds $500 (the TOK lot costs $500).
 *    FIFO: cost 500 × 0.50 = $250, gain $250.  LIFO and HIFO: cost 500 × 0.80 = $400, gain $100.
 *  1 Jun 2025, 400 TOK → 800 ADA at TOK 2 ADA × $1.00: proceeds $800, cost 400/1000 × $500 = $200,
 *    gain $600, long term (held over a year), whatever the method (one TOK lot).
 *  1 Jul 2025, 50 GHOST sent at 3 ADA × $1.00: proceeds $150, no lot: cost 0, gain $150 (missing_basis).
 *  1 Aug 2025, 100 NOPX received without any price (missing_price).
 */
const EXPECTED = {
  fifo: { total: 1000, ada: 250, short: 400, long: 600, y2024: 250, y2025: 750 },
  lifo: { total: 850, ada: 100 },
  hifo: { total: 850, ada: 100 },
  tok: 600,
};

let api: RunningApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const signer = new FakeCip30Wallet();
const pageErrors: string[] = [];

/** Exact decimal text → canonical form (`250.00` and `250` are the same figure). */
const exact = (text: string | null) => (text === null || text === '' ? text : new Decimal(text).toFixed());
const attr = (testId: string, root = page.getByTestId('gains-summary')) =>
  root.getByTestId(testId).getAttribute('data-exact').then(exact);

async function shot(name: string, readmeName?: string): Promise<void> {
  const path = join(SHOTS, name);
  await page.screenshot({ path, fullPage: true });
  if (README_SHOTS && readmeName) copyFileSync(path, join(README_SHOTS, readmeName));
}

async function seed(): Promise<void> {
  const user = await api.db.prisma.user.findUnique({ where: { primaryAddress: signer.baseAddress } });
  if (!user) throw new Error('the sign-in did not create a user');
  const wallet = (await api.repositories.wallets.list(user.id)).find((w) => w.address === signer.baseAddress);
  if (!wallet) throw new Error('the wallet was not added');
  for (const [unit, ticker, name] of [
    [TOK, 'TOK', 'Token'],
    [GHOST, 'GHOST', 'Ghost'],
    [NOPX, 'NOPX', 'No Price'],
  ] as const) {
    await api.db.prisma.token.create({
      data: { unit, policyId: unit.slice(0, 56), assetName: unit.slice(56), name, ticker, decimals: 0 },
    });
  }
  await api.repositories.transactions.upsertBatch(user.id, wallet.address, RECORDS);
  const prices = new PgPriceRepository(api.db.sql);
  const today = new Date().toISOString().slice(0, 10);
  const daily = (day: string, unit: string, currency: string, price: string) => ({
    day,
    unit,
    currency,
    price: new Decimal(price),
    source: 'csv',
  });
  await prices.upsertDaily([
    ...Object.entries(ADA_USD).map(([day, p]) => daily(day, 'lovelace', 'USD', p)),
    daily('2025-06-01', TOK, 'ADA', '2'),
    daily('2025-07-01', GHOST, 'ADA', '3'),
    daily(today, 'lovelace', 'USD', '1.20'),
    daily(today, TOK, 'ADA', '2.5'),
  ]);
  const observedAt = new Date();
  await prices.upsertLatest([
    { unit: 'lovelace', currency: 'USD', price: new Decimal('1.20'), source: 'csv', observedAt },
    { unit: TOK, currency: 'ADA', price: new Decimal('2.5'), source: 'csv', observedAt },
  ]);
  await api.bus.publish(user.id, 'wallet_updated', { walletId: wallet.id, walletAddress: wallet.address });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureWebBuilt();
  [api, browser] = await Promise.all([startApi(), launchChromium()]);
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

describe('Gains page in Chromium against the real API', () => {
  it('signs in, adds a wallet and receives the seeded records and prices', async () => {
    await page.goto(api.url);
    await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click();
    await page.getByRole('button', { name: 'Add a wallet' }).click();
    await page.getByLabel('Address').fill(signer.baseAddress);
    await page.getByLabel('Name (optional)').fill('Daily');
    await page.getByRole('button', { name: 'Add wallet' }).click();
    await page.getByTestId('wallet-item').filter({ hasText: 'Daily' }).waitFor();
    await seed();
    await page.getByRole('button', { name: 'Gains' }).click();
    await page.getByTestId('gains-summary').waitFor();
  });

  it('shows the FIFO totals, per token and per year, and the short/long split computed by hand', async () => {
    expect(await page.getByTestId('gains-currency').inputValue()).toBe('USD');
    expect(await page.getByTestId('gains-method').inputValue()).toBe('fifo');
    await expect.poll(() => attr('gains-realized')).toBe(String(EXPECTED.fifo.total));
    expect(await attr('gains-short')).toBe(String(EXPECTED.fifo.short));
    expect(await attr('gains-long')).toBe(String(EXPECTED.fifo.long));
    expect(await page.getByTestId('gains-realized').textContent()).toBe('+$1,000.00');

    const byToken = page.getByTestId('gains-by-token');
    const tokenGain = (unit: string) =>
      byToken.locator(`[data-testid="token-row"][data-unit="${unit}"]`).getByTestId('gain');
    expect(exact(await tokenGain('lovelace').getAttribute('data-exact'))).toBe(String(EXPECTED.fifo.ada));
    expect(await tokenGain('lovelace').textContent()).toBe('+$250.00');
    expect(exact(await tokenGain(TOK).getAttribute('data-exact'))).toBe(String(EXPECTED.tok));
    const year = (y: number) =>
      page
        .getByTestId('gains-by-year')
        .locator(`[data-year="${y}"]`)
        .getByTestId('gain')
        .getAttribute('data-exact');
    expect(exact(await year(2024))).toBe(String(EXPECTED.fifo.y2024));
    expect(exact(await year(2025))).toBe(String(EXPECTED.fifo.y2025));

    // Disposals: acquired date (FIFO: the 10 Jan lot), the long-term TOK sale, the flag of the GHOST send.
    const disposal = (tx: string) => page.locator(`[data-testid="disposal-row"][data-tx="${tx}"]`);
    expect(await disposal(TX.buy).getByTestId('acquired').textContent()).toMatch(/10.*2024|2024.*10/);
    expect(await disposal(TX.sell).textContent()).toContain('Long');
    expect(await disposal(TX.ghost).getByTestId('flag').getAttribute('data-flag')).toBe('missing_basis');
    expect(await disposal(TX.ghost).getByTestId('acquired').textContent()).toBe('—');
    // A swap is flagged as one, as a kind (not a warning).
    const swapFlag = disposal(TX.sell).locator('[data-testid="flag"][data-flag="swap"]');
    expect(await swapFlag.getAttribute('class')).toContain('badge-kind');
    expect(await disposal(TX.sell).getByTestId('tx-link').getAttribute('href')).toBe(
      `https://cardanoscan.io/transaction/${TX.sell}`,
    );

    // Unrealized: NOPX has no price — a badge, never 0; the 600 TOK left cost $300.
    const unrealized = page.getByTestId('gains-unrealized-table');
    await unrealized.locator(`[data-unit="${NOPX}"]`).getByTestId('no-price').waitFor();
    expect(
      exact(await unrealized.locator(`[data-unit="${TOK}"]`).getByTestId('cost').getAttribute('data-exact')),
    ).toBe('300');
  });

  it('names the event without basis and the event without price in the warnings', async () => {
    const warnings = page.getByTestId('gains-warnings');
    expect(await warnings.getByTestId('warning-counts').textContent()).toBe(
      '1 without cost basis · 1 without a price',
    );
    const rows = warnings.getByTestId('warning-row');
    expect(await rows.count()).toBe(2);
    const basis = warnings.locator('[data-kind="missing_basis"]');
    expect(await basis.getAttribute('data-tx')).toBe(TX.ghost);
    expect(await basis.textContent()).toContain('GHOST');
    expect(await basis.textContent()).toContain('Daily');
    expect(await basis.textContent()).toContain('50');
    const price = warnings.locator('[data-kind="missing_price"]');
    expect(await price.getAttribute('data-tx')).toBe(TX.nopx);
    expect(await price.textContent()).toContain('NOPX');
    expect(await price.getByTestId('tx-link').getAttribute('href')).toBe(
      `https://cardanoscan.io/transaction/${TX.nopx}`,
    );
    await shot('20-gains.png', 'gains.png');
  });

  it('recomputes at once for LIFO and HIFO; a burst of changes ends on the last one', async () => {
    const method = page.getByTestId('gains-method');
    await method.selectOption('lifo');
    await expect.poll(() => attr('gains-realized')).toBe(String(EXPECTED.lifo.total));
    const adaGain = page.getByTestId('gains-by-token').locator('[data-unit="lovelace"]').getByTestId('gain');
    expect(exact(await adaGain.getAttribute('data-exact'))).toBe(String(EXPECTED.lifo.ada));
    await method.selectOption('hifo');
    await expect.poll(() => attr('gains-realized')).toBe(String(EXPECTED.hifo.total));
    // Stale requests are aborted: three quick changes show the last one's figures.
    await method.selectOption('lifo');
    await method.selectOption('average');
    await method.selectOption('fifo');
    await expect.poll(() => attr('gains-realized')).toBe(String(EXPECTED.fifo.total));
    await expect.poll(() => page.getByTestId('gains-loading').count()).toBe(0);
    expect(await attr('gains-realized')).toBe(String(EXPECTED.fifo.total));
  });

  it('downloads the Koinly export of the current query', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-koinly').click();
    const lines = readFileSync(await (await download).path(), 'utf8').split(/\r?\n/);
    expect(lines[0]).toBe(
      'Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash',
    );
    expect(lines.some((l) => l.includes(TX.sell))).toBe(true);
  });

  it('prints the report of one tax year with its totals', async () => {
    await page.getByTestId('gains-year').selectOption('2025');
    await expect.poll(() => attr('gains-realized')).toBe(String(EXPECTED.fifo.y2025));
    await page.getByTestId('gains-print-open').click();
    const report = page.getByTestId('gains-print');
    expect(await report.getByTestId('report-title').textContent()).toContain('Tax year 2025');
    expect(await report.getByTestId('report-settings').textContent()).toContain('FIFO');
    expect(await attr('gains-realized', report.getByTestId('gains-summary'))).toBe(
      String(EXPECTED.fifo.y2025),
    );
    expect(await attr('gains-long', report.getByTestId('gains-summary'))).toBe(String(EXPECTED.tok));
    expect(await report.getByTestId('disposal-row').count()).toBe(2);
    await report.getByTestId('gains-warnings').waitFor();
    expect(new URL(page.url()).hash).toBe('#/gains/report');
    // Printed: no nav, black on white.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    const h1Color = await page.evaluate(
      "getComputedStyle(document.querySelector('[data-testid=gains-print] h1')).color",
    );
    expect(h1Color).toBe('rgb(0, 0, 0)');
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: '← Back to gains' }).click();
    await page.getByTestId('gains-controls').waitFor();
  });

  it('saves LIFO as the default, which the history rows then use for their gains', async () => {
    await page.getByTestId('gains-year').selectOption('');
    await page.getByTestId('gains-method').selectOption('lifo');
    await expect.poll(() => attr('gains-realized')).toBe(String(EXPECTED.lifo.total));
    await page.getByTestId('gains-save-default').click();
    await page.getByTestId('gains-saved').waitFor();
    await page.reload();
    await page.getByTestId('gains-summary').waitFor();
    expect(await page.getByTestId('gains-method').inputValue()).toBe('lifo');
    await expect.poll(() => attr('gains-realized')).toBe(String(EXPECTED.lifo.total));

    await page.getByRole('button', { name: 'Transactions' }).click();
    const row = (tx: string) => page.getByTestId('tx-row').filter({ has: page.locator(`a[title="${tx}"]`) });
    await row(TX.sell).getByTestId('tx-gain').waitFor();
    expect(exact(await row(TX.sell).getByTestId('tx-gain').getAttribute('data-exact'))).toBe(
      String(EXPECTED.tok),
    );
    expect(await row(TX.sell).getByTestId('tx-gain').textContent()).toBe('Gain +$600.00');
    expect(exact(await row(TX.buy).getByTestId('tx-gain').getAttribute('data-exact'))).toBe(
      String(EXPECTED.lifo.ada),
    );
    expect(await row(TX.r1).getByTestId('tx-gain').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
