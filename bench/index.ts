import type { Bench } from './bench.js';

/** Every benchmark, explicitly listed. Each file exports one Bench as default. */
export const benches: Array<() => Promise<{ default: Bench }>> = [
  () => import('./domain.bench.js'),
  () => import('./queue.bench.js'),
  () => import('./blockfrost-limiter.bench.js'),
  () => import('./sim.bench.js'),
  () => import('./api.bench.js'),
  () => import('./sync.bench.js'),
  () => import('./prices.bench.js'),
  () => import('./cost-basis.bench.js'),
];
