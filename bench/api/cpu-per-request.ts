// Node CPU per request of the valuation routes, measured one request at a time on the API bench's
// dataset (load it first with `npm run bench -- api`), so a loaded machine skews it far less than
// the bench's wall-clock percentiles. With `--dump FILE` it also writes every user's JSON answer of
// both routes (fixed clock, uncompressed) to FILE, so two versions of the code can be compared byte
// for byte. Run: node --import tsx bench/api/cpu-per-request.ts [--dump FILE] [--requests N]
// [--only portfolio|history|historyOneToken]
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { buildApp } from '../../src/api/app.js';
import { JwtService } from '../../src/api/auth/jwt-service.js';
import { pgConfigFromUrl } from '../../src/db/pg-config-from-url.js';
import { RedisEventBus } from '../../src/realtime/index.js';
import { benchApiDeps, DATABASE_URL, REDIS_URL, SECRET } from './bench-api-deps.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dumpFile = flag('--dump');
const requests = Number(flag('--requests') ?? 300);
const only = flag('--only');
// A fixed clock: `valuedAt` and the history's last valuation day then do not move between runs.
const NOW = new Date('2026-12-07T09:00:00.000Z');

const admin = new pg.Client(pgConfigFromUrl(DATABASE_URL));
await admin.connect();
const users = await admin.query<{ id: string }>(
  `SELECT DISTINCT user_id::text AS id FROM wallets ORDER BY 1`,
);
await admin.end();

const bus = new RedisEventBus({ url: REDIS_URL, prefix: `adafolio-cpu:${process.pid}:` });
const { deps, close } = benchApiDeps({ poolSize: 1, readPoolSize: 2, eventBus: bus, now: () => NOW });
const app = await buildApp(
  { jwtSecret: SECRET, logLevel: 'silent', heartbeatMs: 60_000, responseCache: false },
  deps,
);
await app.ready();
const jwt = new JwtService({ secret: SECRET }, { now: () => new Date() });
const tokens = await Promise.all(users.rows.map(async (u) => (await jwt.issue(u.id)).accessToken));

const routes = {
  portfolio: '/api/portfolio',
  history: '/api/portfolio/history?interval=day&from=2025-01-01T00:00:00.000Z&to=2025-12-31T00:00:00.000Z',
  historyOneToken:
    '/api/portfolio/history?interval=day&from=2025-01-01T00:00:00.000Z&to=2025-12-31T00:00:00.000Z&units=lovelace',
};

async function get(url: string, token: string, gzip: boolean): Promise<string> {
  const res = await app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${token}`, ...(gzip ? { 'accept-encoding': 'gzip' } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body}`);
  return res.body;
}

if (dumpFile) {
  const out: string[] = [];
  for (const [name, url] of Object.entries(routes)) {
    for (let i = 0; i < tokens.length; i++)
      out.push(`${name} ${users.rows[i]!.id} ${await get(url, tokens[i]!, false)}`);
  }
  writeFileSync(dumpFile, out.join('\n') + '\n');
  process.stdout.write(`wrote ${out.length} answers to ${dumpFile}\n`);
}

for (const [name, url] of Object.entries(routes)) {
  if (only && name !== only) continue;
  for (let i = 0; i < 50; i++) await get(url, tokens[i % tokens.length]!, true); // warm-up: JIT, plans, price cache
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < requests; i++) await get(url, tokens[i % tokens.length]!, true);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  process.stdout.write(
    `${name}: ${((cpu.user + cpu.system) / 1000 / requests).toFixed(2)} ms Node CPU/request ` +
      `(user ${(cpu.user / 1000 / requests).toFixed(2)}), wall ${(wall / requests).toFixed(2)} ms, ${requests} requests\n`,
  );
}
await app.close();
await bus.close();
await close();
