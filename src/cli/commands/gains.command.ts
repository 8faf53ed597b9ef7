import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.js';
import { computeForCli, GAINS_OPTIONS } from '../gains-session.js';
import { gainsView } from '../../gains/gains-view.js';
import { UsageError } from '../usage-error.js';

const USAGE =
  'usage: adafolio gains <stake1…|addr1…> [--method fifo|lifo|hifo|average|uk] [--currency USD] [--year YYYY | --from YYYY-MM-DD --to YYYY-MM-DD] [--reward-policy when_earned|when_withdrawn] [--fee-policy add_to_basis|disposal] [--tax-year-start M-D] [--user NAME] [--json]';

/**
 * `adafolio gains <wallet>`: realized gains per disposal, unrealized gains per token, income and the
 * missing-basis / missing-price warnings of one synced wallet, for the local operator user. Reads the
 * stored history and the shared price table; never calls Blockfrost.
 */
export const gainsCommand: CliCommand = {
  name: 'gains',
  summary: 'Print a synced wallet’s realized and unrealized gains, income and warnings',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...GAINS_OPTIONS, json: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError(USAGE);
    return computeForCli({ ...values, wallet: positionals[0]! }, (c, period, address) => {
      const view = gainsView(c, period, new Map());
      const output = {
        method: view.method,
        currency: view.currency,
        taxYearStart: view.taxYearStart,
        rewardPolicy: view.rewardPolicy,
        feePolicy: view.feePolicy,
        period: view.period,
        wallet: address,
        disposals: view.disposals,
        realized: view.realized,
        unrealized: view.unrealized,
        income: view.income,
        warnings: view.warnings,
        counts: view.counts,
      };
      if (values.json) {
        process.stdout.write(JSON.stringify(output) + '\n');
        return 0;
      }
      const lines = [
        `${address}: ${view.method.toUpperCase()} in ${view.currency}` +
          (view.period.year !== null ? `, tax year ${view.period.year}` : ''),
        `  realized   ${view.realized.gain} (proceeds ${view.realized.proceeds}, cost ${view.realized.cost}; ${view.disposals.length} disposal rows)`,
        `  unrealized ${view.unrealized.gain} (value ${view.unrealized.value}, cost ${view.unrealized.cost}` +
          (view.unrealized.unpriced
            ? `; ${view.unrealized.unpriced} holding(s) unpriced, not counted)`
            : ')'),
        `  income     ${view.income.total} (${view.income.rows.length} rewards)`,
        ...view.realized.byToken.map(
          (t) => `    ${(t.ticker ?? t.unit.slice(0, 16)).padEnd(16)} gain ${t.gain}`,
        ),
        ...(view.warnings.length
          ? [
              `  warnings: ${view.counts.missingBasis} missing basis, ${view.counts.missingPrice} missing price`,
              ...view.warnings
                .slice(0, 20)
                .map(
                  (w) =>
                    `    ${w.kind} ${w.time.slice(0, 10)} ${w.quantity} ${w.ticker ?? w.unit} ${w.txHash ?? ''}`,
                ),
            ]
          : []),
      ];
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    });
  },
};
