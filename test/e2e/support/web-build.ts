import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const WEB_DIST = join(ROOT, 'web/dist');

/** Inputs of the dashboard build: its own sources and the shared modules it imports from src/. */
const INPUTS = [
  'web/src',
  'web/index.html',
  'web/vite.config.ts',
  'src/domain/vocabulary.ts',
  'src/realtime/event-map.ts',
];
/** Test files run in parallel processes: one builds while the others wait (a mkdir is atomic). */
const LOCK = join(tmpdir(), 'adafolio-web-build.lock');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isFresh(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const inputs = Math.max(
    ...INPUTS.map((p) => join(ROOT, p))
      .filter(existsSync)
      .map(newestMtime),
  );
  return statSync(index).mtimeMs > inputs;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock(fn: () => void): void {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Held by another test process; a lock older than 3 minutes was left by a killed run.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the dashboard build lock ${LOCK}`);
      sleepSync(200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds web/dist with Vite when it is missing or older than any of its inputs. */
export function ensureWebBuilt(): void {
  if (isFresh()) return;
  withLock(() => {
    if (isFresh()) return; // another process built it while this one waited
    execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', 'web', '--logLevel', 'warn'], {
      cwd: ROOT,
      // Vitest sets NODE_ENV=test, which would give a development build of React.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit'],
      timeout: 120_000,
    });
  });
}
