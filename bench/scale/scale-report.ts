// bench:scale's figures: each printed as it is measured, all again as one table at the end, and the
// same rows plus the raw figures written as JSON (.bench/scale.json, or stdout with --json).
export const fmt = (n: number, d = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export interface Row {
  figure: string;
  value: string;
}

export class ScaleReport {
  readonly rows: Row[] = [];
  readonly figures: Record<string, unknown> = {};

  constructor(private readonly out: (line: string) => void) {}

  line(figure: string, value: string): void {
    this.rows.push({ figure, value });
    this.out(`- ${figure}: ${value}`);
  }

  /** Raw figures of a part, for the JSON. */
  keep(key: string, value: unknown): void {
    this.figures[key] = value;
  }

  table(): string {
    const width = Math.max(...this.rows.map((r) => r.figure.length), 'figure'.length);
    const line = (a: string, b: string) => `| ${a.padEnd(width)} | ${b} |`;
    return [
      line('figure', 'value'),
      `|${'-'.repeat(width + 2)}|-------|`,
      ...this.rows.map((r) => line(r.figure, r.value)),
    ].join('\n');
  }
}
