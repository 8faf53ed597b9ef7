import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { computeForCli, GAINS_OPTIONS } from '../gains-session.js';
import { EXPORT_FORMATS, exportCsv, type ExportFormat } from '../../gains/gains-export.js';
import { UsageError } from '../usage-error.js';

const USAGE = `usage: adafolio export <stake1…|addr1…> --format ${EXPORT_FORMATS.join('|')} [--year YYYY | --from YYYY-MM-DD --to YYYY-MM-DD] [--method …] [--currency USD] [--user NAME] > file.csv`;

/** `adafolio export <wallet> --format …`: a tax-tool CSV of one synced wallet on stdout. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Write a Koinly, CoinTracker, ledger or Form 8949-style CSV of a synced wallet to stdout',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...GAINS_OPTIONS, format: { type: 'string' } },
    });
    if (positionals.length !== 1) throw new UsageError(USAGE);
    const format = values.format?.toLowerCase();
    if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    return computeForCli({ ...values, wallet: positionals[0]! }, async (c, period, address) => {
      const lines = exportCsv(c, format as ExportFormat, {
        from: period.from,
        to: period.to,
        wallets: new Set([address]),
      });
      for (const line of lines) {
        if (!process.stdout.write(line))
          await new Promise<void>((done) => process.stdout.once('drain', done));
      }
      return 0;
    });
  },
};
