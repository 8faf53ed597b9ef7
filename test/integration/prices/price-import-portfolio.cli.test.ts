import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Decimal as BaseDecimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/blockfrost/mainnet-stake-2021', import.meta.url),
);
const STAKE = 'stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc';
/** Enough digits that the expected product is exact too (the default 20 would round it). */
const Decimal = BaseDecimal.clone({ precision: 80 });
const CLI = fileURLToPath(new URL('../../../bin/adafolio.js', import.meta.url));

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

interface PortfolioJson {
  wallet: string;
  currency: string;
  asOf: string | null;
  holdings: Array<{
    unit: string;
    quantity: string;
    price: string | null;
    value: string | null;
    priceSource: string | null;
    priceDate: string | null;
    priceReason?: string;
  }>;
  total: string | null;
  unpricedUnits: Array<{ unit: string; reason: string }>;
}

/**
 * The operator's path for history no public source covers: `adafolio prices import` of a CSV, then
 * `adafolio portfolio --as-of` values the real recorded mainnet account exactly (quantity held at
 * the end of that day × the imported price), all through the CLI against PostgreSQL.
 */
describe('adafolio prices import + adafolio portfolio --as-of on the recorded mainnet account', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let txs: Array<{ timestamp: string; netLovelace: string }>;

  const run = (args: string[]): Promise<CliResult> =>
    promisify(execFile)(CLI, args, { env, timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  const held = (day: string) =>
    txs.filter((t) => t.timestamp.slice(0, 10) <= day).reduce((s, t) => s + BigInt(t.netLovelace), 0n);

  beforeAll(async () => {
    [sim, db] = await Promise.all([startSimulator({ recording: FIXTURE, port: 0 }), createTestDatabase()]);
    const { REDIS_URL: _redis, ...rest } = process.env;
    // No REDIS_URL: the bucket lives in this test's own database, so nothing is shared with other tests.
    env = {
      ...rest,
      DATABASE_URL: db.url,
      BLOCKFROST_URL: sim.url,
      BLOCKFROST_PROJECT_ID: sim.projectId,
      PRICE_CURRENCIES: 'USD,EUR',
      LOG_LEVEL: 'warn',
    };
    const sync = await run(['sync', STAKE, '--json']);
    expect(sync.stderr).toBe('');
    txs = (JSON.parse(sync.stdout) as { transactions: typeof txs }).transactions;
    expect(txs).toHaveLength(6);
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    await db?.drop();
  });

  it('stores the good rows, refuses the bad ones by line, and values as of each day exactly', async () => {
    const days = [...new Set(txs.map((t) => t.timestamp.slice(0, 10)))].sort();
    const first = days[0]!;
    const later = days[days.length - 1]!;
    const dir = mkdtempSync(join(tmpdir(), 'adafolio-prices-'));
    const file = join(dir, 'prices.csv');
    writeFileSync(
      file,
      [
        'date,unit,currency,price',
        `${first},lovelace,USD,1.12345678901234567`,
        `${first},lovelace,EUR,0.95`,
        `${later},ADA,USD,"1.5"`,
        `${later},lovelace,GBP,1.1`, // not a configured currency
        `${later},lovelace,USD,1,5`, // five columns
        'yesterday,lovelace,USD,1',
      ].join('\n'),
    );
    const imported = await run(['prices', 'import', file, '--json']);
    expect(imported.code).toBe(2); // stored, but with refusals a script must notice
    const report = JSON.parse(imported.stdout) as {
      stored: number;
      refused: Array<{ line: number; reason: string }>;
    };
    expect(report.stored).toBe(3);
    expect(report.refused.map((r) => r.line)).toEqual([5, 6, 7]);
    expect(report.refused[0]!.reason).toMatch(/GBP.*not one of ADA, USD, EUR/);

    for (const [day, currency, price] of [
      [first, 'USD', '1.12345678901234567'],
      [first, 'EUR', '0.95'],
      [later, 'USD', '1.5'],
    ] as const) {
      const out = await run(['portfolio', STAKE, '--as-of', day, '--currency', currency, '--json']);
      expect(out.stderr).toBe('');
      const p = JSON.parse(out.stdout) as PortfolioJson;
      const ada = p.holdings.find((h) => h.unit === 'lovelace')!;
      expect(ada.quantity).toBe(held(day).toString());
      expect(ada.price).toBe(price);
      expect(ada.priceSource).toBe('csv');
      expect(ada.priceDate).toBe(day);
      const value = new Decimal(held(day).toString()).div(1_000_000).times(price);
      expect(new Decimal(ada.value!).eq(value)).toBe(true);
      expect(new Decimal(p.total!).eq(value)).toBe(true);
      expect(p).toMatchObject({ wallet: STAKE, currency, asOf: day });
      // The NFT the account received on 2021-04-05 has no price: listed as unpriced, not valued at 0.
      const tokens = p.holdings.filter((h) => h.unit !== 'lovelace');
      expect(p.unpricedUnits.map((u) => u.unit)).toEqual(tokens.map((h) => h.unit));
      expect(tokens.every((h) => h.value === null && h.priceReason === 'no_source')).toBe(true);
      expect(tokens.length).toBe(day >= '2021-04-05' ? 1 : 0);
    }
    // The last day's holding is the synced balance: the import valued the whole account.
    expect(held(later).toString()).toBe(txs.reduce((s, t) => s + BigInt(t.netLovelace), 0n).toString());
  });

  it('a currency with no imported price is null with a reason, never 0', async () => {
    const day = txs[0]!.timestamp.slice(0, 10);
    const out = await run(['portfolio', STAKE, '--as-of', day, '--currency', 'ADA', '--json']);
    const ada = (JSON.parse(out.stdout) as PortfolioJson).holdings.find((h) => h.unit === 'lovelace')!;
    expect(ada.price).toBe('1'); // ADA in ADA
    const eurLater = await run(['portfolio', STAKE, '--currency', 'EUR', '--json']);
    const p = JSON.parse(eurLater.stdout) as PortfolioJson;
    const now = p.holdings.find((h) => h.unit === 'lovelace')!;
    expect(now.price).toBeNull();
    expect(now.value).toBeNull();
    expect(['no_source', 'stale', 'outside_history']).toContain(now.priceReason);
    expect(p.unpricedUnits.map((u) => u.unit)).toContain('lovelace');
    expect(p.total).toBeNull(); // nothing priced: unknown, not zero
  });

  it('bad input: unknown currency, malformed or future date, unknown wallet', async () => {
    const cur = await run(['portfolio', STAKE, '--currency', 'XYZ']);
    expect(cur.code).toBe(1);
    expect(cur.stderr).toMatch(/--currency must be one of ADA, USD, EUR/);
    const date = await run(['portfolio', STAKE, '--as-of', '2021-13-01']);
    expect(date.stderr).toMatch(/--as-of must be a calendar date YYYY-MM-DD/);
    const future = await run(['portfolio', STAKE, '--as-of', '2999-01-01']);
    expect(future.stderr).toMatch(/must not be after today/);
    const other = await run(['portfolio', 'stake1u9ylzsgxaa6xctf4juup682ar3juj85n8tx3hthnljg47zctvm3rc']);
    expect(other.stderr).toMatch(/run adafolio sync .* first/);
    const missing = await run(['prices', 'import', '/nonexistent.csv']);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
