// `adafolio api` processes as a deployment behind a proxy runs them: same database, Redis and key
// prefix, each on a port of its own. A fault run connects WebSocket clients to each of them.
import type { ChildProcess } from 'node:child_process';
import { startAllOrNone, startCliProcess, stopAll } from './cli-process.js';

export interface ApiProcess {
  index: number;
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`, as the process logged it. */
  url: string;
  output(): string;
}

export interface ApiPool {
  apis: ApiProcess[];
  /** SIGTERM every API (it closes its sockets), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/** The URL of the `api listening` line (pino JSON: `{"url": …, "msg": "api listening"}`). */
export function listeningUrl(output: string): string {
  for (const line of output.split('\n')) {
    if (!line.includes('"api listening"')) continue;
    const url = (JSON.parse(line) as { url?: unknown }).url;
    if (typeof url === 'string') return url;
  }
  throw new Error(`no "api listening" line with a url in: ${output}`);
}

/** Starts `count` APIs on free ports (port 0) at 127.0.0.1, in parallel; resolves once all listen. */
export async function startApiProcesses(options: {
  count: number;
  env: Record<string, string>;
}): Promise<ApiPool> {
  const apis = await startAllOrNone(
    Array.from({ length: options.count }, async (_, index) => {
      const p = await startCliProcess({
        args: ['api', '--port', '0', '--host', '127.0.0.1'],
        env: options.env,
        label: `api ${index}`,
        readyLine: 'api listening',
      });
      return { index, child: p.child, url: listeningUrl(p.output()), output: p.output };
    }),
  );
  return {
    apis,
    stop: (timeoutMs = 10_000) =>
      stopAll(
        apis.map((a) => a.child),
        timeoutMs,
      ),
  };
}
