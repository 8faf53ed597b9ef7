// The API benches' load generator: `concurrency` keep-alive connections sending GETs back to back
// (accept-encoding: gzip like a browser; bodies are not decoded), latency percentiles overall and per
// route class. Shared by bench/api.bench.ts (one route at a time, in process) and bench:scale (the mix,
// against an `adafolio api` process while workers write).
import http from 'node:http';

/** One request to send; `label` groups it into a route class for the per-class percentiles. */
export interface LoadRequest {
  path: string;
  token: string;
  label?: string;
}

export interface LatencyFigures {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface LoadResult extends LatencyFigures {
  rps: number;
  errors: number;
  seconds: number;
  /** Node CPU of this process (the client, and the API when it runs in the same process) per request. */
  cpuMsPerRequest: number;
  byLabel: Record<string, LatencyFigures>;
}

export interface LoadOptions {
  port: number;
  next: () => LoadRequest;
  seconds: number;
  concurrency: number;
  /** Requests sent before measuring (connections open, plans and caches warm). Default 2 × concurrency. */
  warmup?: number;
  /** Ends the measured window early (e.g. when the workers' sync under measurement is done). */
  signal?: AbortSignal;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function figures(latencies: number[]): LatencyFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const { port, next, concurrency } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const byLabel = new Map<string, number[]>();
  let errors = 0;
  const one = ({ path, token }: LoadRequest) =>
    new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      const req = http.get(
        {
          host: '127.0.0.1',
          port,
          path,
          agent,
          headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(performance.now() - t0)
              : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
    });
  const warmup = options.warmup ?? concurrency * 2;
  for (let i = 0; i < warmup; i += concurrency) {
    await Promise.all(Array.from({ length: concurrency }, () => one(next()).catch(() => 0)));
  }
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const deadline = started + options.seconds * 1000;
  const running = () => performance.now() < deadline && !options.signal?.aborted;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (running()) {
        const request = next();
        try {
          const ms = await one(request);
          latencies.push(ms);
          const label = request.label ?? '';
          const list = byLabel.get(label) ?? [];
          if (list.length === 0) byLabel.set(label, list);
          list.push(ms);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return {
    ...figures(latencies),
    rps: latencies.length / seconds,
    errors,
    seconds,
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    byLabel: Object.fromEntries([...byLabel].map(([label, l]) => [label, figures(l)])),
  };
}
