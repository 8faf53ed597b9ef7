import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import {
  addUserWithWallets,
  control,
  createSyncEnv,
  normaliseTruth,
  storedAsTruth,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TruthWallet,
} from './sync-test-env.js';

const CLI = fileURLToPath(new URL('../../../bin/adafolio.js', import.meta.url));

/**
 * Runs `adafolio sync` in a child process; when `killAfterRequests` is given, SIGKILLs it as soon as
 * the simulator has answered that many requests of this run. Resolves with how the child ended.
 */
async function runSync(
  sim: RunningSim,
  env: Record<string, string>,
  wallet: string,
  user: string,
  killAfterRequests?: number,
): Promise<{ killed: boolean; code: number | null; requests: number }> {
  const base = (await control<{ total: number }>(sim, '/stats')).total;
  const child = spawn(CLI, ['sync', wallet, '--user', user, '--json'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let killed = false;
  if (killAfterRequests !== undefined) {
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      const { total } = await control<{ total: number }>(sim, '/stats');
      if (total - base >= killAfterRequests) {
        killed = child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 3));
    }
  }
  const code = await exited;
  if (!killed && code !== 0) throw new Error(`sync exited ${code}: ${stderr}`);
  const requests = (await control<{ total: number }>(sim, '/stats')).total - base;
  return { killed, code, requests };
}

async function snapshotOf(env: SyncEnv, userId: string, wallet: string) {
  const records = await env.app.repositories.transactions.listByWallet(userId, wallet);
  const flows = await env.db.prisma.assetFlow.count({ where: { userId, walletAddress: wallet } });
  const actions = await env.db.prisma.action.findMany({
    where: { userId, walletAddress: wallet },
    select: { linkKey: true, status: true, actionType: true },
    orderBy: { linkKey: 'asc' },
  });
  const snapshots = await env.app.repositories.snapshots.history(userId, wallet);
  const w = await env.app.repositories.wallets.getByAddress(userId, wallet);
  return {
    records: records.map((r) => ({
      txHash: r.txHash,
      blockHeight: r.blockHeight,
      txTimestamp: r.txTimestamp.toISOString(),
      txAction: r.txAction,
      txProtocol: r.txProtocol,
      description: r.description,
      net: r.netAdaChange.toString(),
      fees: r.fees.toString(),
      sequenceNumber: r.sequenceNumber,
      metadata: r.metadata,
    })),
    flows,
    actions,
    // Today's row is written at sync time; history rows must match exactly.
    snapshots: snapshots.map((s) => ({
      asOf: s.asOf.toISOString(),
      unit: s.tokenUnit,
      q: s.quantity.toString(),
    })),
    cursor: w!.cursor,
    reconciliation: w!.reconciliation?.status,
  };
}

describe('crash safety: SIGKILL mid-sync at several points (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let owned: TruthWallet[];
  let target: TruthWallet;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 31,
      wallets: 6,
      txsPerWallet: 70,
      limits: { enabled: false },
      port: 0,
    });
    // Small batches so that kills land between, inside and after database writes; a steady request
    // rate so the kill points are spread over the whole run.
    env = await createSyncEnv(sim, {
      env: { SYNC_BATCH_SIZE: '4', SYNC_CONCURRENCY: '4', BLOCKFROST_RPS: '150', BLOCKFROST_BURST: '1' },
    });
    const truth = await truthOf(sim);
    target = truth.wallets.reduce((a, b) =>
      b.expected.transactions.length > a.expected.transactions.length ? b : a,
    );
    owned = truth.wallets.filter((w) => w.owner === target.owner);
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('killed runs followed by a rerun leave exactly the rows of an uninterrupted run', async () => {
    const crash = await addUserWithWallets(env.app, 'crash-user', owned);
    const runs = [];
    const storedAfterKill: number[] = [];
    for (const killAt of [4, 10, 18, 26, 34]) {
      runs.push(await runSync(sim, env.env, target.address, 'crash-user', killAt));
      storedAfterKill.push(
        (await env.app.repositories.transactions.listByWallet(crash.userId, target.address)).length,
      );
    }
    expect(runs.filter((r) => r.killed).length).toBeGreaterThanOrEqual(4);
    // Kills landed before anything was stored and between batches (some, not all, records stored).
    const total = target.expected.transactions.length;
    expect(storedAfterKill.some((n) => n > 0 && n < total)).toBe(true);
    // Progress survives a kill: what a killed run committed is never lost or redone differently.
    for (let i = 1; i < storedAfterKill.length; i++) {
      expect(storedAfterKill[i]).toBeGreaterThanOrEqual(storedAfterKill[i - 1]!);
    }
    const final = await runSync(sim, env.env, target.address, 'crash-user');
    expect(final.killed).toBe(false);

    // The same wallet, uninterrupted, for another user of the same owner's wallets.
    const ref = await addUserWithWallets(env.app, 'reference-user', owned);
    await runSync(sim, env.env, target.address, 'reference-user');

    const crashed = await snapshotOf(env, crash.userId, target.address);
    const reference = await snapshotOf(env, ref.userId, target.address);
    expect(crashed).toEqual(reference);
    expect(crashed.reconciliation).toBe('matched');
    expect(await storedAsTruth(env.app, crash.userId, target.address)).toEqual(
      normaliseTruth(target.expected.transactions),
    );
    // No duplicates, no gaps: one row per transaction of the wallet.
    const hashes = crashed.records.map((r) => r.txHash);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashes.length).toBe(target.expected.transactions.length);
  }, 180_000);
});
