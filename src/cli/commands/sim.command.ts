import type { CliCommand } from '../command.js';
import { startSimulator, type SimulatorOptions } from '../../../sim/index.js';

const USAGE = `usage: adafolio sim [--port 3100] [--host 127.0.0.1] [--seed N] [--wallets N] [--txs-per-wallet N]
                    [--recording DIR] [--no-limits] [--rps N] [--burst N] [--daily N] [--ban-seconds N]
                    [--live SECONDS] [--live-epoch-every BLOCKS] [--truth FILE] [--project-id ID]
(SIM_LIVE_EPOCH_EVERY_BLOCKS sets --live-epoch-every)`;

class UsageError extends Error {
  readonly expected = true;
}

function parse(args: string[]): { options: SimulatorOptions; truth: string | null } {
  const options: SimulatorOptions = { port: 3100 };
  const epochEvery = Number(process.env.SIM_LIVE_EPOCH_EVERY_BLOCKS ?? '');
  if (Number.isInteger(epochEvery) && epochEvery > 0) options.liveEpochEveryBlocks = epochEvery;
  const limits: NonNullable<SimulatorOptions['limits']> = {};
  let truth: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    const num = (): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 0) throw new UsageError(`${arg} needs a non-negative number\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--port':
        options.port = num();
        break;
      case '--host':
        options.host = value();
        break;
      case '--seed':
        options.seed = num();
        break;
      case '--wallets':
        options.wallets = num();
        break;
      case '--txs-per-wallet':
        options.txsPerWallet = num();
        break;
      case '--recording':
        options.recording = value();
        break;
      case '--no-limits':
        limits.enabled = false;
        break;
      case '--rps':
        limits.rps = num();
        break;
      case '--burst':
        limits.burst = num();
        break;
      case '--daily':
        limits.daily = num();
        break;
      case '--ban-seconds':
        limits.banSeconds = num();
        break;
      case '--live':
        options.liveIntervalSeconds = num();
        break;
      case '--live-epoch-every':
        options.liveEpochEveryBlocks = num();
        break;
      case '--truth':
        truth = value();
        break;
      case '--project-id':
        options.projectId = value();
        break;
      case '--help':
      case '-h':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown option ${arg}\n${USAGE}`);
    }
  }
  options.limits = limits;
  return { options, truth };
}

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'Run the chain simulator: a Blockfrost-compatible API over a generated or recorded chain',
  usage: USAGE,
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    const { options, truth } = parse(args);
    const sim = await startSimulator(options);
    if (truth) await sim.writeTruth(truth);
    process.stdout.write(
      JSON.stringify({
        url: sim.url,
        controlUrl: sim.controlUrl,
        projectId: sim.projectId,
        wallets: sim.wallets.map((w) => ({ id: w.id, owner: w.owner, kind: w.kind, address: w.address })),
      }) + '\n',
    );
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await sim.close();
    return 0;
  },
};
