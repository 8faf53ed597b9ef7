import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { CliCommand } from '../command.js';
import { BlockfrostError } from '../../chain/errors/blockfrost.error.js';
import { loadConfig } from '../../config/config.js';
import { createAppContext, type AppContext } from '../../composition/create-app-context.js';
import type { RewardsLedgerResult } from '../../domain/staking/rewards-ledger.js';
import { parseWalletAddress } from '../../domain/address/wallet-address.js';
import type { SyncProgressState } from '../../sync/sync-progress.js';
import type { WalletSyncReport } from '../../sync/wallet-sync.types.js';
import { ensureMigrated } from '../ensure-migrated.js';
import { UsageError } from '../usage-error.js';

const USAGE =
  'usage: adafolio sync <stake1…|addr1…> [--blockfrost-url URL] [--project-id ID] [--user NAME] ' +
  '[--concurrency N] [--json]';

function bar(state: SyncProgressState, width = 30): string {
  const ratio = state.total > 0 ? Math.min(1, state.done / state.total) : state.phase === 'done' ? 1 : 0;
  const filled = Math.round(ratio * width);
  const counts = state.total > 0 ? ` ${state.done}/${state.total}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${state.phase}${counts}`;
}

/**
 * One-shot sync of one wallet for a local operator user, through the same pipeline as the worker
 * (shared token bucket in Redis when REDIS_URL is set, else in PostgreSQL).
 */
export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'Sync one wallet (stake1… or addr1…) into DATABASE_URL now and print its records and balance',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'blockfrost-url': { type: 'string' },
        'project-id': { type: 'string' },
        user: { type: 'string', default: 'local-operator' },
        concurrency: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError(USAGE);
    const config = loadConfig({
      ...process.env,
      ...(values['blockfrost-url'] ? { BLOCKFROST_URL: values['blockfrost-url'] } : {}),
      ...(values['project-id'] ? { BLOCKFROST_PROJECT_ID: values['project-id'] } : {}),
      ...(values.concurrency ? { SYNC_CONCURRENCY: values.concurrency } : {}),
    });
    let target;
    try {
      target = parseWalletAddress(positionals[0]!);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    await ensureMigrated(config.databaseUrl);
    // Logs go to stderr so that --json output stays one clean object on stdout.
    const logger = pino(
      { level: values.json ? 'warn' : config.logLevel, base: undefined },
      pino.destination(2),
    );
    const app = await createAppContext(config, { events: true, logger, asyncCommit: true });
    try {
      const { user } = await app.repositories.users.findOrCreateByAddress(values.user!);
      const wallet =
        (await app.repositories.wallets.getByAddress(user.id, target.address)) ??
        (await app.repositories.wallets.add(user.id, { address: target.address, kind: target.kind }));
      const interactive = !values.json && process.stderr.isTTY;
      const report = await app.sync.sync(
        { userId: user.id, walletId: wallet.id },
        {
          onProgress: (state) => {
            if (values.json) return;
            if (interactive) process.stderr.write(`\r${bar(state)}   `);
            else if (state.phase !== 'fetching') process.stderr.write(`${bar(state)}\n`);
          },
        },
      );
      if (interactive) process.stderr.write('\n');
      const records = await app.repositories.transactions.listByWallet(user.id, wallet.address);
      const rec = report.reconciliation;
      const rewards = report.rewards ? await rewardsSection(app, user.id, wallet.address, report) : null;
      const output = {
        wallet: wallet.address,
        kind: wallet.kind,
        transactions: records.map((r) => {
          const meta = (r.metadata ?? {}) as { deposit?: string; withdrawal?: string };
          return {
            txHash: r.txHash,
            blockHeight: r.blockHeight,
            timestamp: r.txTimestamp.toISOString(),
            netLovelace: r.netAdaChange.toString(),
            fee: r.fees.toString(),
            deposit: meta.deposit ?? '0',
            withdrawal: meta.withdrawal ?? '0',
            action: r.txAction,
            protocol: r.txProtocol,
            description: r.description,
          };
        }),
        balance: {
          computedLovelace: rec?.computedLovelace ?? null,
          chainLovelace: rec?.chainLovelace ?? null,
          differenceLovelace: rec?.differenceLovelace ?? null,
          reconciled: rec?.status === 'matched',
        },
        // Stake wallets only: a payment address has no reward account (absent, not an error).
        ...(rewards ? { rewards } : {}),
        cursor: report.cursor,
        sync: {
          outcome: report.outcome,
          newTransactions: report.newTransactions,
          recordsWritten: report.recordsWritten,
          recordsDeleted: report.recordsDeleted,
          rollback: report.rollback,
          fetched: report.fetched,
          durationMs: report.durationMs,
        },
        requests: report.requests,
      };
      if (values.json) {
        process.stdout.write(JSON.stringify(output) + '\n');
      } else {
        const lines = [
          `wallet ${output.wallet} (${output.kind})`,
          `${report.outcome === 'idle' ? 'nothing new' : `${report.newTransactions} new transaction(s), ${report.recordsWritten} record(s) written`}` +
            (report.rollback ? `, rolled back to block ${report.rollback.toHeight}` : ''),
          `records stored: ${records.length}`,
          `balance: computed ${output.balance.computedLovelace ?? '?'} lovelace, chain ${output.balance.chainLovelace ?? '?'} lovelace — ${output.balance.reconciled ? 'reconciled' : `MISMATCH (difference ${output.balance.differenceLovelace})`}`,
          ...(rewards
            ? [
                `rewards: ${rewards.count} (${rewards.totalLovelace} lovelace), withdrawn ${rewards.withdrawnLovelace}, withdrawable ${rewards.withdrawableLovelace ?? '?'} — ${rewards.reconciled === null ? 'not checked (the chain lists no epochs)' : rewards.reconciled ? 'ledger reconciled' : 'LEDGER MISMATCH'}`,
              ]
            : []),
          `requests: ${report.requests.total} (${Object.entries(report.requests.byEndpoint)
            .map(([e, n]) => `${e} ${n}`)
            .join(', ')})`,
          `took ${(report.durationMs / 1000).toFixed(1)} s`,
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }
      return 0;
    } catch (error) {
      // Chain errors (unreachable, daily cap, ban) are the whole story: one line, no stack trace.
      if (error instanceof BlockfrostError) throw Object.assign(error, { expected: true });
      throw error;
    } finally {
      await app.close();
    }
  },
};

/**
 * The `rewards` section of the output: what is stored, and the rewards ledger of the wallet's last
 * reconciliation (Σ rewards + Σ MIR − Σ withdrawals against the chain's withdrawable amount).
 * `reconciled` is null when the chain lists no epochs (a recorded chain): unknown, not zero.
 */
async function rewardsSection(
  app: AppContext,
  userId: string,
  address: string,
  report: WalletSyncReport,
): Promise<{
  count: number;
  totalLovelace: string;
  withdrawnLovelace: string;
  withdrawableLovelace: string | null;
  reconciled: boolean | null;
}> {
  const summary = await app.rewards.summary(userId, address);
  const details = report.reconciliation?.details as
    { withdrawableLovelace?: string; rewards?: RewardsLedgerResult } | undefined;
  return {
    count: summary.count,
    totalLovelace: summary.totalLovelace.toString(),
    withdrawnLovelace: summary.withdrawnLovelace.toString(),
    withdrawableLovelace: details?.rewards?.withdrawableLovelace ?? details?.withdrawableLovelace ?? null,
    reconciled:
      report.rewards?.unavailable || !details?.rewards ? null : details.rewards.status === 'matched',
  };
}
