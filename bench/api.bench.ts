// API benchmark: bulk-loads 1,000 wallets × 1,000 transactions (1,000,000 rows with their flows and
// snapshots) into a dedicated database, starts the real API on a random port, and measures
// requests/second and p50/p95 under 10 concurrent connections (sending accept-encoding: gzip like a
// browser; bodies are not decoded) for the portfolio, a filtered
// transactions page and a year of daily history; then the time from a worker publishing an event on
// the Redis bus to each of 1,000 connected WebSocket clients receiving it.
import os from 'node:os';
import pg from 'pg';
import WebSocket from 'ws';
import type { Bench, BenchResult } from './bench.js';
import { buildApp } from '../src/api/app.js';
import { JwtService } from '../src/api/auth/jwt-service.js';
import { migrateDatabase } from '../src/db/database-admin.js';
import { pgConfigFromUrl } from '../src/db/pg-config-from-url.js';
import { RedisEventBus } from '../src/realtime/index.js';
import { benchApiDeps, DATABASE_URL, REDIS_URL, SECRET } from './api/bench-api-deps.js';
import { datasetPresent, loadDataset, type DatasetShape } from './api/load-dataset.js';
import { load, percentile as pct } from './api/load.js';
import { routeClasses } from './api/route-mix.js';

const CONCURRENCY = 10;
const SECONDS_PER_ROUTE = Number(process.env.BENCH_API_SECONDS ?? 6);
const WS_CLIENTS = 1000;
const WS_EVENTS = 200;

const shape: DatasetShape = {
  users: 100,
  walletsPerUser: 10,
  txsPerWallet: 1000,
  start: new Date(Date.UTC(2025, 0, 1)),
};

const bench: Bench = {
  name: 'api',
  async run(): Promise<BenchResult[]> {
    const log = (s: string) => process.stdout.write(s + '\n');
    await migrateDatabase(DATABASE_URL, { quiet: true });
    const admin = new pg.Client(pgConfigFromUrl(DATABASE_URL));
    await admin.connect();
    const results: BenchResult[] = [];
    if (process.env.BENCH_API_RELOAD === '1' || !(await datasetPresent(admin, shape))) {
      log(
        `  loading ${shape.users * shape.walletsPerUser * shape.txsPerWallet} transactions into ${pgConfigFromUrl(DATABASE_URL).database}…`,
      );
      const t0 = performance.now();
      await loadDataset(admin, shape, log);
      results.push({
        name: 'dataset bulk load (1M transactions + flows + snapshots)',
        value: (performance.now() - t0) / 1000,
        unit: 's',
      });
    } else {
      log('  dataset already loaded (BENCH_API_RELOAD=1 reloads it)');
      // A dataset loaded before the loader vacuumed has no visibility map (no index-only scans);
      // on a vacuumed one this takes a fraction of a second.
      await admin.query('VACUUM');
    }
    const counts = await admin.query<{ t: string; f: string; s: string }>(
      `SELECT (SELECT count(*) FROM transactions)::text t, (SELECT count(*) FROM asset_flows)::text f,
              (SELECT count(*) FROM portfolio_holdings_snapshots)::text s`,
    );
    log(
      `  rows: ${counts.rows[0]!.t} transactions, ${counts.rows[0]!.f} asset flows, ${counts.rows[0]!.s} snapshots`,
    );
    // A price for every held unit on every day of the data (ADA in the four default currencies, tokens
    // in ADA), so the portfolio and history figures include valuation: a book per request, quantity ×
    // price per token per day. Idempotent (the rows are kept between runs like the dataset).
    await admin.query(
      `INSERT INTO prices (unit, currency, day, price, source)
       SELECT 'lovelace', c, d::date, round((0.30 + 0.2 * sin(extract(epoch FROM d) / 2e6))::numeric, 6), 'bench'
       FROM generate_series($1::date - 7, now()::date, interval '1 day') d, unnest(ARRAY['USD','EUR','GBP','JPY']) c
       ON CONFLICT DO NOTHING`,
      [shape.start.toISOString().slice(0, 10)],
    );
    await admin.query(
      `INSERT INTO prices (unit, currency, day, price, source)
       SELECT u.unit, 'ADA', d::date, round((0.01 + 0.005 * cos(extract(epoch FROM d) / 3e6))::numeric, 8), 'bench'
       FROM (SELECT DISTINCT token_unit AS unit FROM portfolio_holdings_snapshots WHERE token_unit <> 'lovelace') u,
            generate_series($1::date - 7, now()::date, interval '1 day') d
       ON CONFLICT DO NOTHING`,
      [shape.start.toISOString().slice(0, 10)],
    );
    const priced = await admin.query<{ n: string }>(`SELECT count(*)::text n FROM prices`);
    log(`  prices: ${priced.rows[0]!.n} daily rows (every held unit, every day)`);
    const users = await admin.query<{ id: string; wallets: string[] }>(
      `SELECT user_id::text AS id, array_agg(id::text ORDER BY address) AS wallets FROM wallets GROUP BY user_id`,
    );
    await admin.end();

    const prefix = `adafolio-bench:${process.pid}:`;
    const apiBus = new RedisEventBus({ url: REDIS_URL, prefix });
    const workerBus = new RedisEventBus({ url: REDIS_URL, prefix });
    const { deps, close } = benchApiDeps({ poolSize: 4, readPoolSize: 10, eventBus: apiBus });
    // Two instances on the same data: without the response cache (every request hits PostgreSQL)
    // and with it (the default: cached per user until that user's next sync event).
    const uncached = await buildApp(
      { jwtSecret: SECRET, logLevel: 'silent', heartbeatMs: 60_000, responseCache: false },
      deps,
    );
    const app = await buildApp({ jwtSecret: SECRET, logLevel: 'silent', heartbeatMs: 60_000 }, deps);
    await uncached.listen({ port: 0, host: '127.0.0.1' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const uncachedPort = (uncached.server.address() as { port: number }).port;
    const port = (app.server.address() as { port: number }).port;
    const jwt = new JwtService({ secret: SECRET }, { now: () => new Date() });
    const tokens = await Promise.all(
      users.rows.map(async (u) => ({ ...u, token: (await jwt.issue(u.id)).accessToken })),
    );
    const pick = () => tokens[Math.floor(Math.random() * tokens.length)]!;
    const from = shape.start.toISOString();
    const to = new Date(shape.start.getTime() + 364 * 86_400_000).toISOString();

    try {
      const scenarios = routeClasses(pick, { from, to });
      for (const [label, p] of [
        ['uncached', uncachedPort],
        ['cached', port],
      ] as const) {
        for (const s of scenarios) {
          const r = await load({
            port: p,
            next: s.next,
            seconds: SECONDS_PER_ROUTE,
            concurrency: CONCURRENCY,
            // Warm-up: on the cached instance, most users' entries filled.
            warmup: label === 'cached' ? 300 : CONCURRENCY * 2,
          });
          const name = `${s.name}, ${label}`;
          log(`  ${name}: ${r.n} requests, ${r.errors} errors`);
          results.push({ name: `${name} p50`, value: r.p50, unit: 'ms' });
          results.push({
            name: `${name} p95`,
            value: r.p95,
            unit: 'ms',
            target: { value: s.target, better: 'lower' },
            note: `${r.cpuMsPerRequest.toFixed(2)} ms Node CPU/request; 1-min load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
          });
          results.push({
            name: `${name} throughput`,
            value: r.rps,
            unit: 'req/s',
            note: `${CONCURRENCY} connections`,
          });
          if (r.errors) {
            results.push({
              name: `${name} errors`,
              value: r.errors,
              unit: 'requests',
              target: { value: 0, better: 'lower' },
            });
          }
        }
      }

      // CSV export of one user's 10,000 transactions, streamed page by page.
      {
        const u = tokens[0]!;
        const rss0 = process.memoryUsage().rss;
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${uncachedPort}/api/transactions/export.csv`, {
          headers: { authorization: `Bearer ${u.token}` },
        });
        let lines = 0;
        let peak = rss0;
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          for (const ch of decoder.decode(chunk, { stream: true })) if (ch === '\n') lines++;
          peak = Math.max(peak, process.memoryUsage().rss);
        }
        const seconds = (performance.now() - t0) / 1000;
        log(`  csv export: ${lines - 1} rows in ${seconds.toFixed(2)} s`);
        results.push({
          name: 'CSV export of one user (10,000 transactions), streamed',
          value: (lines - 1) / seconds,
          unit: 'rows/s',
          note: `${lines - 1} rows, RSS grew ${((peak - rss0) / 1048576).toFixed(1)} MiB while streaming`,
        });
      }

      // WebSocket fan-out: 1,000 clients (10 per user); the worker bus publishes to one user at a time.
      const latencies: number[] = [];
      const sockets: WebSocket[] = [];
      for (let i = 0; i < WS_CLIENTS; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, WS_CLIENTS - i) }, (_, j) => {
            const u = tokens[(i + j) % tokens.length]!;
            const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${u.token}`);
            sockets.push(ws);
            ws.on('message', (data) => {
              const frame = JSON.parse(String(data)) as { type: string; publishedAt?: number };
              if (frame.type === 'wallet_updated' && frame.publishedAt)
                latencies.push(Date.now() - frame.publishedAt);
            });
            return new Promise<void>((resolve, reject) => {
              ws.once('open', () => resolve());
              ws.once('error', reject);
            });
          }),
        );
      }
      await new Promise((r) => setTimeout(r, 300));
      const expected = WS_EVENTS * (WS_CLIENTS / tokens.length);
      for (let e = 0; e < WS_EVENTS; e++) {
        const u = tokens[e % tokens.length]!;
        await workerBus.publish(u.id, 'wallet_updated', {
          walletId: u.wallets[0]!,
          walletAddress: 'addr1bench',
        });
        await new Promise((r) => setTimeout(r, 10));
      }
      const deadline = Date.now() + 5000;
      while (latencies.length < expected && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      for (const ws of sockets) ws.terminate();
      latencies.sort((a, b) => a - b);
      log(`  websocket: ${latencies.length} of ${expected} deliveries to ${WS_CLIENTS} clients`);
      results.push({
        name: 'event publish → WebSocket client p50 (1,000 clients)',
        value: pct(latencies, 50),
        unit: 'ms',
      });
      results.push({
        name: 'event publish → WebSocket client p95 (1,000 clients)',
        value: pct(latencies, 95),
        unit: 'ms',
        target: { value: 100, better: 'lower' },
      });
      results.push({
        name: 'events delivered',
        value: latencies.length,
        unit: 'deliveries',
        target: { value: expected, better: 'higher' },
      });
    } finally {
      await app.close();
      await uncached.close();
      await apiBus.close();
      await workerBus.close();
      await close();
    }
    return results;
  },
};

export default bench;
