import { startSimulator } from '../sim/index.js';
import { runLimiterLoad } from '../test/integration/chain/fixtures/limiter-load.js';
import type { Bench } from './bench.js';

/**
 * Three separate worker processes call the chain simulator (Blockfrost's real limits: burst 500,
 * 10/s) through ONE shared Redis token bucket for two minutes. Prints how much of the allowed rate
 * (burst + 10/s × duration) they used together, and how many 429s they got.
 * `BENCH_LIMITER_SECONDS` shortens the run (default 120).
 */
const bench: Bench = {
  name: 'blockfrost-limiter',
  async run() {
    const seconds = Number(process.env.BENCH_LIMITER_SECONDS ?? 120);
    const sim = await startSimulator({ port: 0, seed: 5, wallets: 2, txsPerWallet: 5 });
    try {
      const r = await runLimiterLoad({
        url: sim.url,
        controlUrl: sim.controlUrl,
        redisUrl: process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
        processes: 3,
        durationMs: seconds * 1_000,
        concurrency: 8,
        rps: 10,
        burst: 500,
      });
      const perProcess = r.workers.map((w) => w.ok).join(' / ');
      return [
        {
          name: 'shared-bucket utilisation (3 processes)',
          value: r.utilisation * 100,
          unit: '% of burst + 10/s',
          target: { value: 95, better: 'higher' },
          note: `${r.served} served of ${r.allowed} allowed in ${seconds} s; per process ${perProcess}`,
        },
        {
          name: '429 answers',
          value: r.byStatus['429'] ?? 0,
          unit: 'responses',
          target: { value: 0, better: 'lower' },
        },
      ];
    } finally {
      await sim.close();
    }
  },
};

export default bench;
