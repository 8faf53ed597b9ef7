import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commands } from '../../../src/cli/commands/index.js';
import { workerPoolSize } from '../../../src/composition/start-worker.js';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config/config.js';

// Keeps deploy/ honest: every command, flag, variable, path and port it names must exist in the code.

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: string | number };
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
}
const compose = parse(read('deploy/docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
/** Services running the Adafolio image (the others are PostgreSQL, Redis and nginx). */
const adafolio = Object.entries(services).filter(([, s]) => s.build?.dockerfile === 'Dockerfile');
/** Variables deploy/.env.example sets (compose-only ones like API_REPLICAS, and Adafolio's). */
const envExample = new Map(
  read('deploy/.env.example')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
);

/** `${NAME:-default}` / `${NAME:?message}` / `${NAME}` as docker compose interpolates them. */
function interpolate(value: string, vars: Record<string, string> = {}): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op, arg: string) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`${name} is required: ${arg}`);
    return op === '-' ? arg : '';
  });
}
const referenced = (value: string) => [...value.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!);
const envOf = (name: string, vars: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(services[name]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), vars)]),
  );
const jwt = { JWT_SECRET: 'x'.repeat(32) };

describe('deploy/docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, the migration, the API behind the proxy, workers and the simulator', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'migrate', 'postgres', 'proxy', 'redis', 'sim', 'worker'].sort(),
    );
    expect(adafolio.map(([name]) => name).sort()).toEqual(['api', 'migrate', 'sim', 'worker']);
    expect(services.sim!.profiles).toEqual(['sim']);
    expect(services.api!.deploy?.replicas).toBe('${API_REPLICAS:-2}');
    expect(services.worker!.deploy?.replicas).toBe('${WORKER_REPLICAS:-2}');
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/adafolio.js"]');
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('runs only commands and flags the CLI has', () => {
    for (const [name, service] of adafolio) {
      const [command, ...args] = service.command ?? [];
      const cli = commands.find((c) => c.name === command);
      expect(cli, `${name}: adafolio ${command}`).toBeDefined();
      for (const flag of args.filter((a) => a.startsWith('--'))) {
        expect(cli!.usage ?? '', `${name}: adafolio ${command} ${flag}`).toContain(`[${flag}`);
      }
    }
  });

  it('sets only variables the config module reads, with values it accepts', () => {
    for (const [name, service] of adafolio) {
      for (const key of Object.keys(service.environment ?? {})) {
        expect(CONFIG_VARIABLES, `${name}: ${key}`).toContain(key);
      }
    }
    // With compose's defaults, and with deploy/.env.example's values (a secret filled in).
    for (const vars of [jwt, { ...Object.fromEntries(envExample), ...jwt }]) {
      for (const name of ['api', 'worker', 'migrate'])
        expect(() => loadConfig(envOf(name, vars))).not.toThrow();
    }
    const api = loadConfig(envOf('api', jwt));
    expect(api).toMatchObject({ queueBackend: 'bullmq', host: '0.0.0.0', port: 3000 });
    expect(api.redisUrl).toBe('redis://redis:6379');
    expect(new URL(api.databaseUrl).host).toBe('postgres:5432');
    expect(() => envOf('api', {})).toThrow(/JWT_SECRET is required/);
  });

  it('every variable it interpolates is in deploy/.env.example or a setting of the config module', () => {
    const text = read('deploy/docker-compose.yml');
    const used = new Set(referenced(text));
    for (const name of used) {
      expect(envExample.has(name) || CONFIG_VARIABLES.includes(name), name).toBe(true);
    }
    for (const name of envExample.keys()) {
      expect(used.has(name) || name === 'COMPOSE_PROFILES', `${name} in .env.example is used`).toBe(true);
    }
  });

  it('health checks and the proxy name paths and ports the API and the simulator serve', () => {
    const health = read('src/api/routes/health/health.routes.ts');
    const apiCheck = services.api!.healthcheck!.test.join(' ');
    expect(apiCheck).toContain(`http://127.0.0.1:${services.api!.environment!.PORT}/readyz`);
    expect(health).toContain("'/readyz'");
    expect(services.proxy!.healthcheck!.test.join(' ')).toContain('/healthz');
    expect(health).toContain("'/healthz'");
    expect(read('sim/server/blockfrost-routes.ts')).toContain("['/health',");
    expect(services.sim!.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3100/api/v0/health');
    expect(services.sim!.command).toEqual(expect.arrayContaining(['--port', '3100']));
    expect(envExample.get('BLOCKFROST_URL')).toBe('http://sim:3100/api/v0');

    const nginx = read('deploy/nginx.conf');
    expect(nginx).toContain(`server api:${services.api!.environment!.PORT} resolve`);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toContain('location = /ws');
    expect(read('src/api/routes/ws/ws.routes.ts')).toContain("url: '/ws'");
    expect(services.proxy!.volumes).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
  });

  it("keeps every process's database pools under PostgreSQL's max_connections", () => {
    for (const vars of [jwt, { ...Object.fromEntries(envExample), ...jwt }]) {
      const n = (s: string) => Number(interpolate(s, vars));
      const max = Number(
        interpolate(services.postgres!.command!.join(' '), vars).match(/max_connections=(\d+)/)![1],
      );
      const api = loadConfig(envOf('api', vars)).pools;
      const worker = loadConfig(envOf('worker', vars)).pools;
      const jobs = n(services.worker!.command![2]!);
      const total =
        n(String(services.api!.deploy!.replicas)) * (api.api + api.apiRead) +
        n(String(services.worker!.deploy!.replicas)) * (worker.worker ?? workerPoolSize(jobs)) +
        10; // the migration's and psql's few
      expect(total).toBeLessThan(max);
    }
  });
});
