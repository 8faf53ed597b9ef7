import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { workerPoolSize } from '../../../src/composition/start-worker.js';

const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x' };

describe('configuration', () => {
  it('applies documented defaults', () => {
    const c = loadConfig(base);
    expect(c.blockfrost).toMatchObject({ rps: 10, burst: 500, dailyLimit: 50_000, simulated: true });
    expect(c.syncConcurrency).toBe(8);
    expect(c.queueBackend).toBe('supabase');
    expect(c.port).toBe(3000);
    expect(c.logLevel).toBe('info');
    expect(c.trustProxy).toBe(false);
    expect(c.prices).toMatchObject({ currencies: ['USD', 'EUR', 'GBP', 'JPY'], baseCurrency: 'USD' });
    expect(c.prices).toMatchObject({
      sources: ['coingecko', 'kraken', 'fill', 'dex'],
      refreshIntervalMinutes: 60,
      dexDailyRequests: 200,
    });
  });

  it('reads the price currencies and refuses a base currency outside them', () => {
    const c = loadConfig({ ...base, PRICE_CURRENCIES: 'chf, usd,CHF', BASE_CURRENCY: 'chf' });
    expect(c.prices).toMatchObject({ currencies: ['CHF', 'USD'], baseCurrency: 'CHF' });
    expect(loadConfig({ ...base, BASE_CURRENCY: 'ADA' }).prices.baseCurrency).toBe('ADA');
    expect(() => loadConfig({ ...base, PRICE_CURRENCIES: 'USD,dollars' })).toThrow(
      /PRICE_CURRENCIES must be comma-separated 3-letter fiat codes/,
    );
    expect(() => loadConfig({ ...base, BASE_CURRENCY: 'SEK' })).toThrow(
      'BASE_CURRENCY must be ADA or one of PRICE_CURRENCIES (USD, EUR, GBP, JPY), got "SEK"',
    );
  });

  it('reads TRUST_PROXY as a flag or a list of proxy addresses', () => {
    const trust = (v: string) => loadConfig({ ...base, TRUST_PROXY: v }).trustProxy;
    expect([trust('true'), trust('1'), trust('false'), trust('')]).toEqual([true, true, false, false]);
    expect(trust('10.0.0.0/8, 127.0.0.1')).toBe('10.0.0.0/8, 127.0.0.1');
  });

  it.each([
    [{}, /DATABASE_URL is required/],
    [{ ...base, BLOCKFROST_RPS: 'ten' }, /BLOCKFROST_RPS must be a positive integer, got "ten"/],
    [{ ...base, BLOCKFROST_BURST: '-5' }, /BLOCKFROST_BURST must be a positive integer/],
    [{ ...base, DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ ...base, USE_PRISMA: 'false' }, /Prisma on PostgreSQL is the only data layer/],
    [{ ...base, USE_BULLMQ: 'maybe' }, /USE_BULLMQ must be true or false/],
    [{ ...base, USE_BULLMQ: 'true' }, /REDIS_URL is required/],
    [{ ...base, LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ ...base, QUEUE_BACKEND: 'kafka' }, /QUEUE_BACKEND must be one of bullmq, prisma, supabase/],
    [{ ...base, JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    [{ ...base, NODE_ENV: 'production' }, /JWT_SECRET is required/],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('selects the queue backend by the original flags, QUEUE_BACKEND winning', () => {
    const redis = { ...base, REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadConfig({ ...redis, USE_BULLMQ: 'true', USE_PRISMA_QUEUE: 'true' }).queueBackend).toBe(
      'bullmq',
    );
    expect(loadConfig({ ...redis, USE_PRISMA_QUEUE: 'true' }).queueBackend).toBe('prisma');
    expect(loadConfig({ ...redis, USE_BULLMQ: 'true', QUEUE_BACKEND: 'prisma' }).queueBackend).toBe('prisma');
  });

  it('reads the database pool sizes: API 10 + 10 and the worker sized from --jobs by default', () => {
    expect(loadConfig(base).pools).toEqual({ api: 10, apiRead: 10, worker: undefined });
    expect(loadConfig({ ...base, WORKER_DB_POOL_SIZE: '' }).pools.worker).toBeUndefined();
    const c = loadConfig({
      ...base,
      API_DB_POOL_SIZE: '4',
      API_READ_POOL_SIZE: ' 6 ',
      WORKER_DB_POOL_SIZE: '30',
    });
    expect(c.pools).toEqual({ api: 4, apiRead: 6, worker: 30 });
  });

  it('sizes the worker pool from --jobs when WORKER_DB_POOL_SIZE is unset: 2 per job + 2, within 10..50', () => {
    expect([1, 2, 4, 12, 24, 30].map(workerPoolSize)).toEqual([10, 10, 10, 26, 50, 50]);
  });

  it.each([
    ['API_DB_POOL_SIZE', '0'],
    ['API_READ_POOL_SIZE', 'ten'],
    ['WORKER_DB_POOL_SIZE', '-3'],
    ['WORKER_DB_POOL_SIZE', '2.5'],
  ])('refuses %s=%s with a clear message', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(
      `${name} must be a positive integer, got "${value}"`,
    );
  });

  it('takes an empty BLOCKFROST_URL as unset (as .env.example and the Compose file leave it)', () => {
    expect(loadConfig({ ...base, BLOCKFROST_URL: '' }).blockfrost.url).toBe('http://127.0.0.1:3100/api/v0');
    const real = loadConfig({
      ...base,
      BLOCKFROST_URL: '',
      BLOCKFROST_PROJECT_ID: 'preprodABCDEF1234567890',
    });
    expect(real.blockfrost.url).toBe('https://cardano-preprod.blockfrost.io/api/v0');
  });

  it('uses the real Blockfrost network URL for a real project id', () => {
    const c = loadConfig({ ...base, BLOCKFROST_PROJECT_ID: 'preprodABCDEF1234567890' });
    expect(c.blockfrost).toMatchObject({
      simulated: false,
      url: 'https://cardano-preprod.blockfrost.io/api/v0',
    });
  });

  it('the CLI prints one line naming the problem and exits 1', async () => {
    const run = promisify(execFile);
    const err = (await run('node', ['bin/adafolio.js', 'migrate'], {
      env: { PATH: process.env.PATH, DATABASE_URL: base.DATABASE_URL, BLOCKFROST_RPS: 'abc' },
    }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(err.code).toBe(1);
    expect(err.stderr).toBe('adafolio: BLOCKFROST_RPS must be a positive integer, got "abc"\n');
  });
});
