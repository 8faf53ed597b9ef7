import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import {
  addUserWithWallets,
  control,
  createSyncEnv,
  type RunningSim,
  type SyncEnv,
} from './sync-test-env.js';

const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/blockfrost/mainnet-stake-2021', import.meta.url),
);
const STAKE = 'stake1uxzutrtmxwv2rf2j3hdpps66ch0jydmkr58vwgnetddcdwg32u4rc';
const expected = JSON.parse(readFileSync(`${FIXTURE}/expected.json`, 'utf8')) as {
  txHashes: string[];
  txNetLovelace: Record<string, string>;
  txNetLovelaceSum: string;
  account: { controlled_amount: string; withdrawable_amount: string };
};
const withoutRedis = (e: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'REDIS_URL'));
const CLI = fileURLToPath(new URL('../../../bin/adafolio.js', import.meta.url));

describe('sync of the recorded mainnet stake account (simulator, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;

  beforeAll(async () => {
    sim = await startSimulator({ recording: FIXTURE, port: 0 });
    env = await createSyncEnv(sim);
  });
  afterAll(async () => {
    await env?.close();
    await sim?.close();
  });

  it('syncs to exactly the figures of expected.json and reconciles', async () => {
    const { userId, walletIds } = await addUserWithWallets(env.app, 'operator-a', [
      { address: STAKE, kind: 'stake' },
    ]);
    const report = await env.app.sync.sync({ userId, walletId: walletIds.get(STAKE)! });
    const records = await env.app.repositories.transactions.listByWallet(userId, STAKE);
    expect(records.map((r) => r.txHash).sort()).toEqual([...expected.txHashes].sort());
    for (const r of records) expect(r.netAdaChange.toString()).toBe(expected.txNetLovelace[r.txHash]);
    const balances = await env.app.repositories.transactions.balances(userId, STAKE);
    expect(balances.get('lovelace')!.toString()).toBe(expected.txNetLovelaceSum);
    expect(report.reconciliation).toMatchObject({
      status: 'matched',
      computedLovelace: expected.account.controlled_amount,
      chainLovelace: expected.account.controlled_amount,
      differenceLovelace: '0',
    });
    const wallet = await env.app.repositories.wallets.get(userId, walletIds.get(STAKE)!);
    expect(wallet!.reconciliation!.status).toBe('matched');
    expect(wallet!.cursor!.blockHeight).toBe(Math.max(...records.map((r) => r.blockHeight)));
    expect(wallet!.cursor!.blockHash).toMatch(/^[0-9a-f]{64}$/);
    // Per job request count: utxos for every transaction, details only where the wallet funded it.
    expect(report.requests.byEndpoint['/txs/{hash}/utxos']).toBe(6);
    expect(report.requests.byEndpoint['/txs/{hash}']).toBeLessThanOrEqual(4);

    // Snapshots: daily history back to the first transaction, and the current holding as the latest row.
    const history = await env.app.repositories.snapshots.history(userId, STAKE);
    expect(history[0]!.asOf.toISOString()).toBe('2021-02-25T00:00:00.000Z');
    const latest = await env.app.repositories.snapshots.latest(userId, STAKE);
    expect(latest.find((r) => r.tokenUnit === 'lovelace')!.quantity.toString()).toBe(
      expected.txNetLovelaceSum,
    );

    // An idle re-sync costs one request and changes nothing.
    const again = await env.app.sync.sync({ userId, walletId: walletIds.get(STAKE)! });
    expect(again.outcome).toBe('idle');
    expect(again.requests.total).toBe(1);
    expect(await env.app.repositories.transactions.listByWallet(userId, STAKE)).toHaveLength(6);
  });

  it('`adafolio sync --json` (PostgreSQL bucket, no Redis) prints the records, balance and request counts', async () => {
    await control(sim, '/stats/reset', {});
    const { stdout } = await promisify(execFile)(
      CLI,
      [
        'sync',
        STAKE,
        '--blockfrost-url',
        sim.url,
        '--project-id',
        sim.projectId,
        '--user',
        'cli-operator',
        '--json',
      ],
      // Without REDIS_URL: the shared token bucket and the event bus live in PostgreSQL.
      { env: { ...withoutRedis(process.env), ...withoutRedis(env.env), LOG_LEVEL: 'warn' }, timeout: 60_000 },
    );
    const out = JSON.parse(stdout) as {
      wallet: string;
      transactions: Array<{
        txHash: string;
        netLovelace: string;
        fee: string;
        action: string;
        protocol: string | null;
      }>;
      balance: { computedLovelace: string; chainLovelace: string; reconciled: boolean };
      requests: { total: number; byEndpoint: Record<string, number> };
    };
    expect(out.wallet).toBe(STAKE);
    expect(out.transactions).toHaveLength(6);
    for (const t of out.transactions) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['txHash', 'netLovelace', 'fee', 'action', 'protocol']),
      );
      expect(t.netLovelace).toBe(expected.txNetLovelace[t.txHash]);
    }
    expect(out.transactions.find((t) => t.txHash.startsWith('d958'))).toMatchObject({
      action: 'reward_withdrawal',
      fee: '171265',
    });
    expect(out.balance).toEqual(
      expect.objectContaining({ computedLovelace: '27629378', chainLovelace: '27629378', reconciled: true }),
    );
    // The shared chain cache: this second user's sync fetched no transaction again.
    expect(out.requests.byEndpoint['/txs/{hash}/utxos']).toBeUndefined();
    const stats = await control<{ total: number }>(sim, '/stats');
    expect(out.requests.total).toBe(stats.total);
  });
});
