import { createWriteStream } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ChainGenerator, type SettledOrder, type SimWallet } from './generator/chain-generator.js';
import { loadProtocolScripts, type ProtocolScripts } from './generator/protocol-scripts.js';
import type { ChainModel } from './model/chain-model.js';
import { importRecording, loadRecording } from './recording/import-recording.js';
import { HttpError } from './server/errors.js';
import { FaultInjector } from './server/faults.js';
import { LiveMode } from './server/live-mode.js';
import { createSimServer, type ChainControl } from './server/http-server.js';
import { PriceServices } from './server/price-routes.js';
import { sharedPriceModel } from './generator/price-model.js';
import { DEFAULT_LIMITS, RateLimiter, type LimitSettings } from './server/rate-limiter.js';
import { RequestStats } from './server/request-stats.js';
import { GroundTruth } from './truth/ground-truth.js';

export type { FillTruth, SettledOrder, SimWallet } from './generator/chain-generator.js';
export type { LimitSettings } from './server/rate-limiter.js';
export type { FaultRule } from './server/faults.js';
export type { RollbackResult } from './server/http-server.js';
export type { TruthRecord, TruthWallet } from './truth/ground-truth.js';

export const DEFAULT_PROJECT_ID = 'mainnetsimulator0000000000000000';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Generator seed (default 1). Ignored with `recording`. */
  seed?: number;
  /** Generated wallets (default 20). */
  wallets?: number;
  /** Transactions per wallet (default 50). */
  txsPerWallet?: number;
  /** Directory holding a recording (`responses.json`) to serve instead of a generated chain. */
  recording?: string;
  limits?: Partial<LimitSettings>;
  /** Append a block with new transactions every N seconds (generated chains only). */
  liveIntervalSeconds?: number;
  /** In live mode, every Nth new block starts the next epoch (its boundary pays rewards). Default: never. */
  liveEpochEveryBlocks?: number;
  projectId?: string;
  /** Directory of the dApp registry (default `../shared/data/crfa-dapps/dApps` beside the repo). */
  registryDir?: string;
}

export interface SimulatorHandle {
  url: string;
  /** The simulated CoinGecko: public and demo keys here, pro keys at `coingeckoProUrl`. */
  coingeckoUrl: string;
  coingeckoProUrl: string;
  /** The simulated Kraken public API (`/0/public/OHLC`). */
  krakenUrl: string;
  controlUrl: string;
  projectId: string;
  wallets: SimWallet[];
  model: ChainModel;
  /** Writes the ground truth to a file (streamed). */
  writeTruth(file: string): Promise<void>;
  close(): Promise<void>;
}

/** Builds the chain (generated or imported) without a server: for tests, benchmarks and `--truth`. */
export function buildChain(options: SimulatorOptions): {
  model: () => ChainModel;
  wallets: SimWallet[];
  control: ChainControl;
  scripts: ProtocolScripts;
  seed: number | null;
  /** Settled DEX orders as the generator meant them (none for a recording). */
  settledOrders: () => SettledOrder[];
} {
  const scripts = loadProtocolScripts(options.registryDir);
  if (options.recording) {
    const imported = importRecording(loadRecording(options.recording));
    const truth = new GroundTruth(imported.model, imported.wallets, scripts);
    const unsupported = (): never => {
      throw new HttpError(400, 'Not available for an imported recording.');
    };
    return {
      model: () => imported.model,
      wallets: imported.wallets,
      scripts,
      seed: null,
      settledOrders: () => [],
      control: {
        addBlocks: unsupported,
        rollback: unsupported,
        advanceEpochs: unsupported,
        writeTruth: (out) => truth.write(null, out),
        wallets: () => imported.wallets,
      },
    };
  }
  const seed = options.seed ?? 1;
  const generator = new ChainGenerator({
    seed,
    wallets: options.wallets ?? 20,
    txsPerWallet: options.txsPerWallet ?? 50,
    scripts,
  });
  generator.generate();
  const tip = (): { height: number; hash: string } => ({
    height: generator.model.tip!.height,
    hash: generator.model.tip!.hash,
  });
  return {
    model: () => generator.model,
    wallets: generator.wallets,
    scripts,
    seed,
    settledOrders: () => generator.settledOrders(),
    control: {
      addBlocks: (count) => {
        generator.appendBlocks(count);
        return tip();
      },
      rollback: (depth) => {
        const dropped = generator.rollback(depth);
        return {
          ...tip(),
          dropped: dropped.map((b) => ({ height: b.height, hash: b.hash, txs: b.txs.map((t) => t.hash) })),
        };
      },
      advanceEpochs: (count) => {
        const block = generator.advanceEpochs(count);
        return { height: block.height, hash: block.hash, epoch: block.epoch };
      },
      writeTruth: (out) => new GroundTruth(generator.model, generator.wallets, scripts).write(seed, out),
      wallets: () => generator.wallets,
    },
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const chain = buildChain(options);
  const limiter = new RateLimiter({ ...DEFAULT_LIMITS, ...options.limits });
  const faults = new FaultInjector();
  // A recording has no generator to make blocks with: no live mode (its control answers 400).
  const live = options.recording ? null : new LiveMode(chain.control, options.liveEpochEveryBlocks ?? 0);
  if (live && options.liveIntervalSeconds && options.liveIntervalSeconds > 0)
    live.set(options.liveIntervalSeconds);
  const server = createSimServer({
    model: chain.model,
    limiter,
    faults,
    prices: new PriceServices(sharedPriceModel(), faults),
    stats: new RequestStats(),
    control: chain.control,
    live,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${host}:${port}`;
  return {
    url: `${base}/api/v0`,
    coingeckoUrl: `${base}/coingecko/api/v3`,
    coingeckoProUrl: `${base}/coingecko-pro/api/v3`,
    krakenUrl: `${base}/kraken`,
    controlUrl: `${base}/__sim`,
    projectId: options.projectId ?? DEFAULT_PROJECT_ID,
    wallets: chain.wallets,
    model: chain.model(),
    writeTruth: (file) => writeTruthFile(chain.control, file),
    close: async () => {
      live?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function writeTruthFile(control: ChainControl, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(file);
    stream.on('error', reject);
    control.writeTruth((chunk) => stream.write(chunk));
    stream.end(() => resolve());
  });
}
