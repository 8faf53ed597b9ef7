// `npm start`: one command from a fresh clone (after `npm ci`) to a running Adafolio on this machine.
// Fills the local defaults, migrates, builds the dashboard when missing, starts the chain simulator
// when no Blockfrost key is set, then runs the API and a sync worker as child processes with prefixed
// logs, and stops them all on Ctrl-C / SIGTERM (or when one of them dies).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseEnv } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/adafolio.js');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const COLORS: Record<string, number> = { start: 1, sim: 35, api: 36, worker: 33, migrate: 32, web: 34 };

function say(message: string): void {
  process.stdout.write(`${paint(COLORS.start!, 'start   │')} ${message}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${paint(31, 'start   │')} ${message}\n`);
  process.exit(1);
}

// ---- environment ------------------------------------------------------------------------------

/** `.env` in the repository root, if any; variables already in the environment win. */
function loadDotEnv(): void {
  const file = join(ROOT, '.env');
  if (!existsSync(file)) return;
  const parsed = parseEnv(readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(parsed)) if (process.env[k] === undefined) process.env[k] = v;
  say('loaded .env');
}

const isSet = (name: string) => (process.env[name] ?? '').trim() !== '';

function applyDefaults(): { simulated: boolean } {
  if (!isSet('DATABASE_URL')) process.env.DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/adafolio';
  if (!isSet('REDIS_URL')) process.env.REDIS_URL = 'redis://127.0.0.1:6379';
  // The config's historical default queue is Supabase, which needs a Supabase project; on a plain
  // machine pick BullMQ on the Redis above unless a backend was chosen explicitly.
  const chosen = ['QUEUE_BACKEND', 'USE_BULLMQ', 'USE_PRISMA_QUEUE', 'SUPABASE_URL'].some(isSet);
  if (!chosen) process.env.QUEUE_BACKEND = 'bullmq';
  const projectId = (process.env.BLOCKFROST_PROJECT_ID ?? '').trim();
  const simulated = projectId === '' || projectId === 'mainnetsimulator0000000000000000';
  return { simulated };
}

// ---- CLI commands -----------------------------------------------------------------------------

/** Sub-commands this build of the CLI offers, read from its usage text. */
function availableCommands(): Set<string> {
  let usage = '';
  try {
    usage = execFileSync(process.execPath, [CLI, '--help'], { cwd: ROOT, encoding: 'utf8' });
  } catch (error) {
    usage = String((error as { stdout?: string }).stdout ?? '');
  }
  const names = [...usage.matchAll(/^ {2}([a-z][\w-]*)\s{2,}/gm)].map((m) => m[1]!);
  return new Set(names);
}

function runToEnd(name: string, command: string, args: string[]): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    prefix(name, child);
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolvePromise(1));
  });
}

// ---- child processes --------------------------------------------------------------------------

const children = new Map<string, ChildProcess>();
let stopping = false;

/** `onLine` sees every line first; returning false keeps it off the console. */
function prefix(name: string, child: ChildProcess, onLine?: (line: string) => boolean | void): void {
  const tag = paint(COLORS[name] ?? 37, `${name.padEnd(7)} │`);
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (onLine?.(line) === false) return;
      out.write(`${tag} ${line}\n`);
    });
  }
}

function startChild(name: string, args: string[], onLine?: (line: string) => boolean | void): ChildProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(name, child);
  prefix(name, child, onLine);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    say(`${name} exited (${signal ?? `code ${code}`}); stopping the others`);
    void stopAll(code === 0 ? 1 : (code ?? 1));
  });
  return child;
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (children.size) say(`stopping ${[...children.keys()].join(', ')}…`);
  const exited = [...children.values()].map(
    (child) =>
      new Promise<void>((r) =>
        child.exitCode !== null || child.signalCode ? r() : child.once('exit', () => r()),
      ),
  );
  for (const child of children.values()) child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
  if ((await Promise.race([Promise.all(exited), timeout])) === 'timeout') {
    say('some processes did not stop within 10 s; killing them');
    for (const child of children.values()) child.kill('SIGKILL');
  }
  say('stopped');
  process.exit(exitCode);
}

// ---- steps ------------------------------------------------------------------------------------

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/** web/dist is rebuilt when missing or older than the dashboard's sources (e.g. after a pull). */
function dashboardBuildState(): 'missing' | 'out of date' | 'fresh' {
  const index = join(ROOT, 'web/dist/index.html');
  if (!existsSync(index)) return 'missing';
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts']
    .map((p) => join(ROOT, p))
    .filter((p) => existsSync(p));
  return Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs ? 'out of date' : 'fresh';
}

interface SimInfo {
  url: string;
  controlUrl?: string;
  projectId?: string;
  wallets?: Array<string | { address?: string; owner?: string; kind?: string }>;
}

/** Starts the simulator and resolves with the JSON line it prints once it listens. */
function startSimulator(): Promise<SimInfo> {
  const port = process.env.SIM_PORT ?? '3100';
  const args = [
    'sim',
    '--port',
    port,
    '--seed',
    process.env.SIM_SEED ?? '42',
    '--wallets',
    '6',
    '--txs-per-wallet',
    '40',
  ];
  return new Promise((resolvePromise, reject) => {
    let done = false;
    const timer = setTimeout(
      () => !done && reject(new Error('the simulator did not report its URL within 60 s')),
      60_000,
    );
    const child = startChild('sim', args, (line) => {
      if (done || !line.startsWith('{')) return;
      try {
        const info = JSON.parse(line) as SimInfo;
        if (typeof info.url !== 'string') return;
        done = true;
        clearTimeout(timer);
        resolvePromise(info);
        return false; // summarised by the start script instead of one very long line
      } catch {
        // Not the start-up line.
      }
    });
    child.once('exit', () => {
      if (!done) reject(new Error('the simulator exited before it started'));
    });
  });
}

async function waitForHealth(url: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until && !stopping) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

function walletAddresses(info: SimInfo): string[] {
  return (info.wallets ?? [])
    .map((w) => (typeof w === 'string' ? w : (w.address ?? '')))
    .filter((a) => /^(addr|stake)1/.test(a));
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  loadDotEnv();
  const { simulated } = applyDefaults();
  const commands = availableCommands();
  const missing = ['migrate', 'api', 'worker', ...(simulated ? ['sim'] : [])].filter((c) => !commands.has(c));
  if (missing.includes('migrate') || missing.includes('api')) {
    fail(`this build of the CLI has no "${missing.join('", "')}" command yet (see ./bin/adafolio.js --help)`);
  }

  say(`database ${process.env.DATABASE_URL!.replace(/\/\/[^@/]*@/, '//…@')}, redis ${process.env.REDIS_URL}`);
  if ((await runToEnd('migrate', process.execPath, [CLI, 'migrate'])) !== 0) {
    fail('migration failed: is PostgreSQL running and DATABASE_URL right? (see the lines above)');
  }

  const dashboard = dashboardBuildState();
  if (dashboard !== 'fresh') {
    say(`building the dashboard (web/dist is ${dashboard})…`);
    if (
      (await runToEnd('web', join(ROOT, 'node_modules/.bin/vite'), [
        'build',
        'web',
        '--logLevel',
        'warn',
      ])) !== 0
    ) {
      fail('the dashboard build failed (see above)');
    }
  }

  let sim: SimInfo | null = null;
  if (simulated) {
    if (missing.includes('sim')) {
      say('warning: no BLOCKFROST_PROJECT_ID and this CLI has no "sim" command: syncs will fail');
    } else {
      sim = await startSimulator().catch((error: Error) => fail(error.message));
      process.env.BLOCKFROST_URL = sim.url;
      if (sim.projectId) process.env.BLOCKFROST_PROJECT_ID = sim.projectId;
      say(`chain simulator at ${sim.url}`);
    }
  } else {
    say('using Blockfrost with BLOCKFROST_PROJECT_ID');
  }

  startChild('api', ['api']);
  if (missing.includes('worker')) say('warning: this CLI has no "worker" command: wallets will not sync');
  else startChild('worker', ['worker']);

  const host =
    process.env.HOST && !['0.0.0.0', '::'].includes(process.env.HOST) ? process.env.HOST : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${process.env.PORT ?? '3000'}`;
  say(`waiting for the API at ${url}…`);
  if (!(await waitForHealth(url, 180_000))) {
    if (!stopping)
      say(`the API did not answer ${url}/healthz within 3 minutes; still waiting on its logs above`);
    return;
  }
  const lines = ['', paint(1, `  Adafolio is running: ${url}`), `  API docs: ${url}/docs`];
  if (sim) {
    const addresses = walletAddresses(sim).slice(0, 3);
    if (addresses.length) {
      lines.push('  Simulated wallets you can add in the dashboard:');
      for (const a of addresses) lines.push(`    ${a}`);
    }
  }
  lines.push('  Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
