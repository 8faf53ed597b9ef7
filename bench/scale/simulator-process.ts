// The chain simulator in a process of its own (`adafolio sim`), so its JSON building does not share the
// event loop (or the CPU accounting) of whoever drives it: benchmarks and fault runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { terminate } from './terminate.js';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/adafolio.js', import.meta.url));

export interface SimulatorProcess {
  url: string;
  controlUrl: string;
  projectId: string;
  child: ChildProcess;
  /** GET (no body) or POST (body) on the control API `/__sim`. */
  control<T = unknown>(path: string, body?: unknown, method?: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts `adafolio sim --port 0 ...args` and resolves once it announced its URL (bounded: 180 s). */
export async function startSimulatorProcess(args: string[], timeoutMs = 180_000): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [CLI, 'sim', '--port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  let timer: NodeJS.Timeout | undefined;
  const first = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${stderr}`)));
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`simulator not ready within ${timeoutMs} ms`));
    }, timeoutMs);
  }).finally(() => clearTimeout(timer));
  child.stdout!.resume();
  const info = JSON.parse(first) as { url: string; controlUrl: string; projectId: string };
  return {
    url: info.url,
    controlUrl: info.controlUrl,
    projectId: info.projectId,
    child,
    async control<T>(path: string, body?: unknown, method?: string): Promise<T> {
      const res = await fetch(info.controlUrl + path, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`sim ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    close: () => terminate(child, 5_000),
  };
}
