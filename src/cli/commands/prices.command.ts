import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { loadConfig } from '../../config/config.js';
import { createDatabase } from '../../db/prisma-client.js';
import { PgPriceRepository } from '../../db/repositories/pg-price-repository.js';
import { parsePriceCsv } from '../../domain/prices/price-csv.js';
import { ensureMigrated } from '../ensure-migrated.js';
import { UsageError } from '../usage-error.js';

const USAGE = 'usage: adafolio prices import FILE.csv [--keep] [--json]';
/** Rows per INSERT: one statement's arrays stay small while a year of 300 tokens is a few round trips. */
const CHUNK = 5_000;
/** A price file is text an operator wrote or exported; anything larger is a mistake (a wrong file). */
const MAX_BYTES = 200 * 1024 * 1024;

/**
 * `adafolio prices import FILE.csv`: stores an operator's own prices (`date, unit, currency, price`)
 * in the shared price table as source `csv`, for history no public source covers. Good rows are
 * stored even when others are refused; the report lists every refused row by line. By default an
 * imported row replaces what a source stored for that day (the operator's figure wins); `--keep`
 * fills only days with no price yet.
 */
export const pricesCommand: CliCommand = {
  name: 'prices',
  summary: 'Import prices from a CSV file (date, unit, currency, price) into the shared price table',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { keep: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    });
    if (positionals[0] !== 'import' || positionals.length !== 2) throw new UsageError(USAGE);
    const file = positionals[1]!;
    const size = await stat(file).then(
      (s) => s.size,
      (error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
        );
      },
    );
    if (size > MAX_BYTES)
      throw new UsageError(`${file} is ${size} bytes; a price file may hold at most ${MAX_BYTES}`);
    const config = loadConfig(process.env);
    const currencies = ['ADA', ...config.prices.currencies.filter((c) => c !== 'ADA')];
    const today = new Date().toISOString().slice(0, 10);
    const { prices, refused } = parsePriceCsv(await readFile(file, 'utf8'), { currencies, today });

    await ensureMigrated(config.databaseUrl);
    const db = createDatabase(config.databaseUrl, { poolSize: 2 });
    let stored = 0;
    try {
      const repo = new PgPriceRepository(db.sql);
      for (let i = 0; i < prices.length; i += CHUNK) {
        stored += await repo.upsertDaily(prices.slice(i, i + CHUNK), values.keep ? 'keep' : 'replace');
      }
    } finally {
      await db.close();
    }
    const report = {
      file,
      parsed: prices.length,
      stored,
      unchanged: prices.length - stored,
      refused: refused.map((r) => ({ line: r.line, reason: r.reason, text: r.text })),
    };
    if (values.json) {
      process.stdout.write(JSON.stringify(report) + '\n');
    } else {
      const lines = [
        `${file}: ${stored} price(s) stored` +
          (report.unchanged ? `, ${report.unchanged} already stored and kept (--keep)` : '') +
          `, ${refused.length} row(s) refused`,
        ...refused.map((r) => `  line ${r.line}: ${r.reason}`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    }
    // Refused rows are reported, not fatal, yet a script must notice them: exit 2 (1 is a failure).
    return refused.length ? 2 : 0;
  },
};
