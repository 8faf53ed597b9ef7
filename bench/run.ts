// Runs the benchmarks (all, or those whose name is given) and prints a table of figures, plus a
// JSON copy in .bench/results.json for the README.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BenchResult } from './bench.js';
import { benches } from './index.js';

const filter = process.argv.slice(2);
const all: Array<BenchResult & { bench: string }> = [];

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

for (const load of benches) {
  const bench = (await load()).default;
  if (filter.length && !filter.includes(bench.name)) continue;
  process.stdout.write(`\n## ${bench.name}\n`);
  const started = Date.now();
  const results = await bench.run();
  for (const r of results) {
    all.push({ ...r, bench: bench.name });
    const target = r.target
      ? ` (target ${r.target.better === 'higher' ? '≥' : '≤'} ${fmt(r.target.value)}: ${
          (r.target.better === 'higher' ? r.value >= r.target.value : r.value <= r.target.value)
            ? 'met'
            : 'MISSED'
        })`
      : '';
    const base = r.baseline
      ? ` — ${fmt(r.value / r.baseline.value)}× ${r.baseline.name} (${fmt(r.baseline.value)})`
      : '';
    process.stdout.write(
      `- ${r.name}: ${fmt(r.value)} ${r.unit}${target}${base}${r.note ? ` — ${r.note}` : ''}\n`,
    );
  }
  process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
mkdirSync('.bench', { recursive: true });
writeFileSync('.bench/results.json', JSON.stringify({ at: new Date().toISOString(), results: all }, null, 2));
process.exit(0);
