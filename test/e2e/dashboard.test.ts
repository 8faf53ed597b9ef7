import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { NewWalletTransaction } from '../../src/db/repositories/index.js';
import { PgPriceRepository } from '../../src/db/repositories/pg-price-repository.js';
import { startApi, type RunningApi } from './support/api-server.js';
import { launchChromium } from './support/browser.js';
import { FakeCip30Wallet } from './support/fake-cip30-wallet.js';
import { ensureWebBuilt } from './support/web-build.js';

/**
 * The dashboard in a real browser against the real API: wallet sign-in with a real CIP-8 signature,
 * adding wallets, holdings/allocation/history from seeded records, filtering and paging the history,
 * the CSV download, and live `sync_progress` / `wallet_updated` events from the event bus.
 */

const SHOTS = resolve(process.env.E2E_SCREENSHOT_DIR ?? '.ci/out/screenshots');
const DAY = 86_400_000;
const MIN_UNIT = '29d222ce763455e3d7a09a665ce554f00ac89d2e99a1a83d267170c6' + '4d494e'; // policy + "MIN"
const NAMELESS_UNIT = 'a0028f350aaabe0545fdcb56b039bfb08e4bb4d8c4d7c3c7d481c235' + '484f534b59'; // "HOSKY"

let api: RunningApi;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const signer = new FakeCip30Wallet();
const other = new FakeCip30Wallet('other', 'Other');
const pageErrors: string[] = [];
const socketUrls: string[] = [];

const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

async function userId(): Promise<string> {
  const user = await api.db.prisma.user.findUnique({ where: { primaryAddress: signer.baseAddress } });
  if (!user) throw new Error('the sign-in did not create a user');
  return user.id;
}

async function walletsOf(uid: string) {
  const list = await api.repositories.wallets.list(uid);
  const savings = list.find((w) => w.address === other.stakeAddress);
  const daily = list.find((w) => w.address === signer.baseAddress);
  if (!savings || !daily) throw new Error('wallets were not added');
  return { savings, daily };
}

/** 30 records over the last 60 days: a pay-in, swaps, sends and a delegation. */
function seedTransactions(now: number): { rows: NewWalletTransaction[]; netLovelace: bigint } {
  const rows: NewWalletTransaction[] = [];
  let net = 0n;
  for (let i = 0; i < 30; i++) {
    const at = new Date(now - (60 - 2 * i) * DAY);
    const kind =
      i === 0
        ? 'receive'
        : i % 5 === 0
          ? 'swap_order'
          : i % 7 === 0
            ? 'delegation'
            : i % 2
              ? 'receive'
              : 'send';
    const fee = kind === 'receive' ? 0n : 170_000n + BigInt(i);
    const lovelace =
      i === 0
        ? 1_000_000_000n
        : kind === 'receive'
          ? 10_000_000n + BigInt(i)
          : kind === 'send'
            ? -2_500_000n - fee
            : -fee;
    const flows = [{ unit: 'lovelace', quantity: lovelace }];
    if (kind === 'swap_order') flows.push({ unit: MIN_UNIT, quantity: 50_100_000n });
    net += lovelace;
    rows.push({
      txHash: (i.toString(16).padStart(2, '0') + 'ab').repeat(16),
      blockHeight: 11_000_000 + i * 100,
      txTimestamp: at,
      txAction: kind,
      txProtocol: kind === 'swap_order' ? 'minswap' : null,
      description: kind === 'swap_order' ? 'Swap ADA for MIN on Minswap' : null,
      netAdaChange: lovelace,
      fees: fee,
      flows,
    });
  }
  // The newest order (i = 25) is filled two days later (i = 26): one linked action of two transactions.
  const order = rows[25]!;
  const fill = rows[26]!;
  const action = (sequenceNumber: number) => ({
    linkKey: `${order.txHash}#0`,
    sequenceNumber,
    actionType: 'swap',
    protocol: 'minswap',
    status: 'completed' as const,
    description: 'Swapped ADA for MIN on Minswap',
    startedAt: order.txTimestamp,
    completedAt: fill.txTimestamp,
  });
  order.action = action(1);
  Object.assign(fill, { txAction: 'swap_fill', txProtocol: 'minswap', action: action(2) });
  return { rows, netLovelace: net };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ensureWebBuilt();
  [api, browser] = await Promise.all([startApi(), launchChromium()]);
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  await signer.install(context);
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('websocket', (ws) => socketUrls.push(ws.url()));
  page.on('dialog', (d) => void d.accept());
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await api?.close();
});

describe('dashboard in Chromium against the real API', () => {
  it('signs in with a CIP-30 wallet (real CIP-8 signature) and shows the onboarding', async () => {
    await page.goto(api.url);
    const signIn = page.getByRole('button', { name: 'Sign in with Test Wallet' });
    await signIn.waitFor();
    await page.screenshot({ path: join(SHOTS, '00-sign-in.png') });
    await signIn.click();
    await page.getByRole('heading', { name: 'Welcome to Adafolio' }).waitFor();
    expect(signer.signatures).toBe(1);
    // The session survives a reload (sessionStorage) and the WebSocket connects with the token.
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome to Adafolio' }).waitFor();
    await page.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    await page.screenshot({ path: join(SHOTS, '01-onboarding.png') });
    // The token travels as a WebSocket subprotocol, never in the URL.
    expect(socketUrls.length).toBeGreaterThan(0);
    expect(socketUrls.every((u) => new URL(u).pathname === '/ws' && new URL(u).search === '')).toBe(true);
  });

  it('adds a stake account and a payment address, and rejects a bad address with the API message', async () => {
    await page.getByRole('button', { name: 'Add a wallet' }).click();
    const address = page.getByLabel('Address');
    await address.fill(other.stakeAddress);
    await page.getByLabel('Name (optional)').fill('Savings');
    await page.getByRole('button', { name: 'Add wallet' }).click();
    await page.getByTestId('wallet-item').filter({ hasText: 'Savings' }).waitFor();

    await address.fill(signer.baseAddress);
    await page.getByRole('button', { name: 'Add wallet' }).click();
    await page.getByTestId('wallet-item').nth(1).waitFor();
    expect(await page.getByTestId('wallet-item').count()).toBe(2);

    await address.fill('addr1notanaddress');
    await page.getByRole('button', { name: 'Add wallet' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /address/i })
      .waitFor();

    // Adding a wallet enqueued its first sync on the real queue.
    const jobs = await api.db.prisma.syncJob.count();
    expect(jobs).toBe(2);
  });

  it('shows live sync progress and, on wallet_updated, the seeded holdings and reconciliation', async () => {
    const uid = await userId();
    const { savings, daily } = await walletsOf(uid);
    const now = Date.now();
    const { rows, netLovelace } = seedTransactions(now);

    await api.bus.publish(uid, 'sync_progress', {
      walletId: savings.id,
      walletAddress: savings.address,
      phase: 'fetching',
      done: 3,
      total: 12,
    });
    const progress = page
      .getByTestId('wallet-item')
      .filter({ hasText: 'Savings' })
      .getByTestId('sync-progress');
    await progress.filter({ hasText: 'Fetching transactions · 3 / 12' }).waitFor();
    expect(await progress.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    await page.screenshot({ path: join(SHOTS, '02-wallets-syncing.png') });

    // What a sync would have written: records, token metadata, snapshots, cursor, reconciliation.
    await api.db.prisma.token.create({
      data: {
        unit: MIN_UNIT,
        policyId: MIN_UNIT.slice(0, 56),
        assetName: '4d494e',
        name: 'Minswap',
        ticker: 'MIN',
        decimals: 6,
      },
    });
    await api.repositories.transactions.upsertBatch(uid, savings.address, rows);
    const startOfDay = (t: number) => new Date(Math.floor(t / DAY) * DAY);
    await api.repositories.snapshots.replaceFrom(uid, savings.address, startOfDay(now - 90 * DAY), [
      { asOf: startOfDay(now - 60 * DAY), tokenUnit: 'lovelace', quantity: 1_000_000_000n },
      { asOf: startOfDay(now - 30 * DAY), tokenUnit: 'lovelace', quantity: 1_100_000_000n },
      { asOf: startOfDay(now), tokenUnit: 'lovelace', quantity: netLovelace },
      { asOf: startOfDay(now - 20 * DAY), tokenUnit: MIN_UNIT, quantity: 250_500_000n },
      { asOf: startOfDay(now), tokenUnit: MIN_UNIT, quantity: 250_500_000n },
      { asOf: startOfDay(now), tokenUnit: NAMELESS_UNIT, quantity: 42n },
    ]);
    await api.repositories.snapshots.replaceFrom(uid, daily.address, startOfDay(now - 90 * DAY), [
      { asOf: startOfDay(now - 10 * DAY), tokenUnit: 'lovelace', quantity: 500_000_001n },
    ]);
    await api.repositories.wallets.setCursor(
      uid,
      savings.id,
      { blockHeight: 11_002_900, blockHash: 'ff'.repeat(32) },
      new Date(),
    );
    await api.repositories.wallets.setReconciliation(uid, savings.id, {
      status: 'matched',
      computedLovelace: netLovelace.toString(),
      chainLovelace: netLovelace.toString(),
      differenceLovelace: '0',
      checkedAt: new Date().toISOString(),
    });
    await api.repositories.wallets.setReconciliation(uid, daily.id, {
      status: 'mismatch',
      computedLovelace: '500000001',
      chainLovelace: '502000001',
      differenceLovelace: '2000000',
      checkedAt: new Date().toISOString(),
    });

    // Prices, as a refresh would have stored them (the API caches price histories for a minute).
    const prices = new PgPriceRepository(api.db.sql);
    const today = daysAgo(0);
    const weekAgo = daysAgo(7);
    const d = (day: string, unit: string, currency: string, price: string) => ({
      day,
      unit,
      currency,
      price: new Decimal(price),
      source: 'csv',
    });
    await prices.upsertDaily([
      d(today, 'lovelace', 'USD', '0.5'),
      d(today, 'lovelace', 'EUR', '0.45'),
      d(today, MIN_UNIT, 'ADA', '0.02'),
      d(weekAgo, 'lovelace', 'USD', '0.4'),
      d(weekAgo, 'lovelace', 'EUR', '0.36'),
      d(weekAgo, MIN_UNIT, 'ADA', '0.025'),
    ]);
    await api.bus.publish(uid, 'wallet_updated', { walletId: savings.id, walletAddress: savings.address });
    // The event is a hint: the page re-reads the wallets over REST and the progress bar goes away.
    await page.getByTestId('reconciliation-matched').waitFor();
    await page.getByTestId('reconciliation-mismatch').filter({ hasText: 'Mismatch +2 ADA' }).waitFor();
    await progress.waitFor({ state: 'detached' });
    await page.getByText('up to block 11,002,900').waitFor();
    await page.screenshot({ path: join(SHOTS, '03-wallets.png'), fullPage: true });

    await page.getByRole('button', { name: 'Overview' }).click();
    const holdings = page.getByTestId('holdings');
    const expectedAda = formatLovelace(netLovelace + 500_000_001n);
    await holdings.getByTestId('holding-lovelace').filter({ hasText: expectedAda }).waitFor();
    expect(await holdings.getByTestId(`holding-${MIN_UNIT}`).textContent()).toBe('250.5');
    expect(await holdings.getByTestId(`holding-${NAMELESS_UNIT}`).textContent()).toBe('42');
    // ADA first, then tokens by label; the nameless token shows its decoded asset name.
    const labels = await holdings.locator('.token-name').allTextContents();
    expect(labels).toEqual(['ADA', 'HOSKY', 'MIN']);
    // Priced now, so the allocation is by value per token (in the user's currency, USD by default).
    await page.getByTestId('allocation-legend').filter({ hasText: 'ADA' }).waitFor();
    await page.getByTestId('history').locator('.recharts-area').first().waitFor();
    await page.screenshot({ path: join(SHOTS, '04-overview.png'), fullPage: true });
  });

  it('values the holdings in the chosen currency (remembered), marks the unpriced one, and goes back to a past day', async () => {
    const weekAgo = daysAgo(7);
    await page.reload();
    const holdings = page.getByTestId('holdings');
    const currency = page.getByTestId('currency');
    await currency.selectOption('EUR');
    const adaValue = holdings.getByTestId('value-lovelace');
    await adaValue.filter({ hasText: '€' }).waitFor();
    // The amount cell shows every decimal (exact), grouped: read it back as the quantity held.
    const shownAda = async () =>
      new Decimal((await holdings.getByTestId('holding-lovelace').textContent())!.replace(/,/g, ''));
    const ada = await shownAda();
    // Exact values behind the rounded cells: quantity × price, MIN through its ADA price × ADA/EUR.
    expect(await adaValue.getAttribute('data-exact')).toBe(ada.times('0.45').toFixed());
    expect(await holdings.getByTestId(`value-${MIN_UNIT}`).getAttribute('data-exact')).toBe(
      new Decimal('250.5').times('0.02').times('0.45').toFixed(),
    );
    // HOSKY has no price: marked, valued at nothing (not 0), and counted in the note.
    expect(await holdings.getByTestId(`price-${NAMELESS_UNIT}`).textContent()).toContain('no price source');
    expect(await holdings.getByTestId(`value-${NAMELESS_UNIT}`).textContent()).toBe('—');
    await holdings.getByTestId('unpriced-note').filter({ hasText: '1 holding without a price' }).waitFor();
    const total = ada.times('0.45').plus(new Decimal('250.5').times('0.009'));
    expect(await holdings.getByTestId('total-value').locator('.total-figure').textContent()).toBe(
      `€${total.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`,
    );
    await holdings.getByTestId('change-7d').filter({ hasText: '%' }).waitFor();
    // Allocation by value across tokens, and the value-over-time chart beside the quantity chart.
    await page.getByTestId('allocation-legend').filter({ hasText: 'MIN' }).waitFor();
    await page.getByTestId('value-history').locator('.recharts-area').first().waitFor();
    await page.screenshot({ path: join(SHOTS, '04b-overview-values.png'), fullPage: true });

    // Remembered per user: the API has it, and a reload shows it again.
    const me = await api.db.sql.query<{ preferred_currency: string }>(
      'SELECT preferred_currency FROM users WHERE primary_address = $1',
      [signer.baseAddress],
    );
    expect(me.rows[0]?.preferred_currency).toBe('EUR');
    await page.reload();
    expect(await page.getByTestId('currency').inputValue()).toBe('EUR');

    // As of a week ago: that day's quantities and prices.
    await page.getByTestId('as-of').fill(weekAgo);
    await holdings.getByRole('heading', { name: `Holdings on ${weekAgo}` }).waitFor();
    await holdings.getByTestId('value-lovelace').filter({ hasText: '€' }).waitFor();
    const pastAda = await shownAda();
    // The latest snapshots on or before that day: Savings' of 30 days ago and Daily's of 10 days ago.
    expect(pastAda.toFixed()).toBe(new Decimal('1600.000001').toFixed());
    expect(await holdings.getByTestId('value-lovelace').getAttribute('data-exact')).toBe(
      pastAda.times('0.36').toFixed(),
    );
    await page.getByRole('button', { name: 'Today' }).click();
    await holdings.getByRole('heading', { name: 'Holdings', exact: true }).waitFor();
  });

  it('lists, filters and pages the history, and downloads the CSV of the filter', async () => {
    await page.getByRole('button', { name: 'Transactions' }).click();
    const rows = page.getByTestId('tx-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(25);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByTestId('tx-end').filter({ hasText: '30 transactions' }).waitFor();
    expect(await rows.count()).toBe(30);
    await page.screenshot({ path: join(SHOTS, '05-transactions.png'), fullPage: true });

    await page.locator('select[name="action"]').selectOption('swap_order');
    await page.getByTestId('tx-end').filter({ hasText: '5 transactions' }).waitFor();
    const actions = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(Array(5).fill('swap_order'));
    expect(await rows.first().textContent()).toContain('Minswap');
    // The newest order belongs to a linked action: order then fill.
    await rows.first().getByRole('button', { name: 'Linked transactions' }).click();
    const linked = page.getByTestId('linked-action');
    await linked.getByText('Completed').waitFor();
    expect(await linked.locator('li').count()).toBe(2);
    expect(await linked.locator('li').first().textContent()).toContain('(this transaction)');
    await page.screenshot({ path: join(SHOTS, '07-linked-action.png') });

    const download = page.waitForEvent('download');
    await page.getByTestId('csv-export').click();
    const file = await (await download).path();
    const csv = readFileSync(file, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^timestamp,tx_hash,wallet_address/);
    expect(csv).toHaveLength(1 + 5);
    expect(csv.slice(1).every((line) => line.includes(',swap_order,minswap,'))).toBe(true);

    // A filter that matches nothing says so.
    await page.locator('select[name="protocol"]').selectOption('sundaeswap');
    await page.getByText('No transactions match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await rows.nth(24).waitFor();
  });

  it('reconnects after the WebSocket drops and re-reads state that changed meanwhile (no event needed)', async () => {
    await page.getByRole('button', { name: 'Wallets' }).click();
    const uid = await userId();
    const { daily } = await walletsOf(uid);
    // Changed behind the page's back: no event is published for it.
    await api.repositories.wallets.rename(uid, daily.id, 'Renamed while offline');
    const sockets = [...api.app.websocketServer.clients];
    expect(sockets.length).toBeGreaterThan(0);
    for (const socket of sockets) socket.terminate();
    await page.getByTestId('wallet-label').filter({ hasText: 'Renamed while offline' }).waitFor();
    await page.getByTestId('live').filter({ hasText: 'Live' }).waitFor();
    // A new connection replaced the dropped one.
    expect([...api.app.websocketServer.clients].some((s) => !sockets.includes(s))).toBe(true);
  });

  it('renames and removes a wallet', async () => {
    await page.getByRole('button', { name: 'Wallets' }).click();
    const savings = page.getByTestId('wallet-item').filter({ hasText: 'Savings' });
    await savings.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Wallet name').fill('Cold storage');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('wallet-label').filter({ hasText: 'Cold storage' }).waitFor();

    await page
      .getByTestId('wallet-item')
      .filter({ hasText: 'Cold storage' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.getByTestId('wallet-item').filter({ hasText: 'Cold storage' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('wallet-item').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});

describe('demo key sign-in (no wallet extension)', () => {
  it("signs in with a key made in the browser, as a separate user who sees none of the first user's data", async () => {
    const plain = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const p = await plain.newPage();
      await p.goto(api.url);
      await p.getByText('No Cardano wallet found in this browser.').waitFor();
      await p.getByTestId('sign-in-demo-key').click();
      await p.getByRole('heading', { name: 'Welcome to Adafolio' }).waitFor();
      const key = await p.evaluate(() =>
        (
          globalThis as unknown as { localStorage: { getItem(k: string): string | null } }
        ).localStorage.getItem('adafolio.demo-key'),
      );
      expect(key).toMatch(/^[0-9a-f]+$/);
      const users = await api.db.prisma.user.findMany({ orderBy: { createdAt: 'asc' } });
      expect(users).toHaveLength(2);
      expect(users[1]!.primaryAddress).toMatch(/^addr1v/);
      await p.getByRole('button', { name: 'Transactions' }).click();
      await p.getByText('No transactions yet.').waitFor();
      await p.screenshot({ path: join(SHOTS, '06-demo-key-transactions-empty.png') });
    } finally {
      await plain.close();
    }
  });
});

function formatLovelace(lovelace: bigint): string {
  const whole = (lovelace / 1_000_000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (lovelace % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}
