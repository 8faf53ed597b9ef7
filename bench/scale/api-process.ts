// `adafolio api` in a process of its own, as a deployment runs it beside the workers: its own pools,
// event loop and CPU, on the bench's database and Redis prefix (so the workers' events reach its
// response cache). Logged at warn: the access log at info would cost the latencies it measures.
import { spawn, type ChildProcess } from 'node:child_process';
import { terminate } from './terminate.js';
import { freePort } from './free-port.js';
import { CLI } from './simulator-process.js';

export interface ApiProcess {
  port: number;
  child: ChildProcess;
  close(): Promise<void>;
}

async function ready(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** Starts it on a free port and resolves once `/healthz` answers (bounded: `timeoutMs`). */
export async function startApiProcess(env: Record<string, string>, timeoutMs = 120_000): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'api', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  const until = Date.now() + timeoutMs;
  while (!(await ready(port))) {
    if (child.exitCode !== null) throw new Error(`adafolio api exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`adafolio api not ready within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    child,
    close: () => terminate(child, 10_000),
  };
}
