import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgainstTruth, type TruthCheck } from '../../../bench/scale/truth-check.js';
import { startSyncedChain, type SyncedChain } from '../sync/sync-test-env.js';

// The truth check every fault run ends with must fail on what a fault could leave behind: a reward or
// snapshot lost, doubled or changed. One small generated chain (stake accounts with member, leader and
// refund rewards) synced in-process, then tampered with row by row.
describe('the fault runs’ truth check names every lost, extra, duplicated or changed reward and snapshot', () => {
  let chain: SyncedChain;
  const check = (): Promise<TruthCheck> => checkAgainstTruth(chain.env.db.sql, chain.truth, chain.tracked);
  const sql = () => chain.env.db.sql;
  const stakeWallet = () =>
    chain.tracked.find((t) => t.wallet.kind === 'stake' && (t.wallet.expected.rewards?.length ?? 0) >= 2)!;

  beforeAll(async () => {
    chain = await startSyncedChain({ seed: 21, wallets: 8, txsPerWallet: 20 }, 'check');
  }, 120_000);
  afterAll(() => chain?.close());

  it('finds nothing after a clean sync, and counts the rewards it compared', async () => {
    const c = await check();
    expect(c.problems).toEqual([]);
    expect(c.rewards.expected).toBeGreaterThan(0);
    expect(c.rewards.stored).toBe(c.rewards.expected);
    expect(c.snapshots.stored).toBe(c.snapshots.expected);
  });

  it('names a deleted, a duplicated and a changed reward, and a reward on a payment wallet', async () => {
    const t = stakeWallet();
    const k = `${t.userId} ${t.wallet.address}`;
    const [lost, changed] = t.wallet.expected.rewards!;
    const id = (r: typeof lost) => `${r!.epoch}:${r!.type}:${r!.poolId}`;
    const where = `user_id = $1 AND wallet_address = $2 AND epoch = $3 AND type = $4 AND pool_id = $5`;
    const args = (r: typeof lost) => [t.userId, t.wallet.address, r!.epoch, r!.type, r!.poolId];
    await sql().query(`UPDATE staking_rewards SET amount = amount + 1 WHERE ${where}`, args(changed));
    // A second row for the same reward: what a non-idempotent retry would write (the unique source key
    // only stops a second row under the same key).
    await sql().query(
      `INSERT INTO staking_rewards (user_id, wallet_address, source_key, epoch, spendable_epoch, spendable_at, type, pool_id, amount)
       SELECT user_id, wallet_address, source_key || ':again', epoch, spendable_epoch, spendable_at, type, pool_id, amount
         FROM staking_rewards WHERE ${where}`,
      args(changed),
    );
    await sql().query(`DELETE FROM staking_rewards WHERE ${where}`, args(lost));
    const payment = chain.tracked.find((x) => x.wallet.kind === 'payment')!;
    await sql().query(
      `INSERT INTO staking_rewards (user_id, wallet_address, source_key, epoch, spendable_epoch, spendable_at, type, pool_id, amount)
       VALUES ($1, $2, 'reward:1:member:pool1x', 1, 3, now(), 'member', 'pool1x', 5)`,
      [payment.userId, payment.wallet.address],
    );
    const c = await check();
    expect(c.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`missing reward ${k} ${id(lost)}`),
        `duplicate reward ${k} ${id(changed)}`,
        expect.stringContaining(`unequal reward ${k} ${id(changed)}`),
        `extra reward ${payment.userId} ${payment.wallet.address} 1:member:pool1x`,
      ]),
    );
    expect(c.rewards.stored).toBe(c.rewards.expected + 1);
  });

  it('names a deleted and a duplicated snapshot', async () => {
    const t = chain.tracked.find((x) => x.wallet.expected.transactions.length > 0)!;
    const k = `${t.userId} ${t.wallet.address}`;
    const { rows } = await sql().query<{ id: string; as_of: Date; token_unit: string }>(
      `SELECT id, as_of, token_unit FROM portfolio_holdings_snapshots
        WHERE user_id = $1 AND wallet_address = $2 ORDER BY as_of LIMIT 2`,
      [t.userId, t.wallet.address],
    );
    const [gone, doubled] = rows;
    const day = (r: typeof gone) => `${r!.as_of.toISOString().slice(0, 10)} ${r!.token_unit}`;
    await sql().query('DELETE FROM portfolio_holdings_snapshots WHERE id = $1', [gone!.id]);
    // The same day and unit an hour later: a second row the table's unique key does not stop.
    await sql().query(
      `INSERT INTO portfolio_holdings_snapshots (user_id, wallet_address, as_of, token_unit, quantity)
       SELECT user_id, wallet_address, as_of + interval '1 hour', token_unit, quantity
         FROM portfolio_holdings_snapshots WHERE id = $1`,
      [doubled!.id],
    );
    const c = await check();
    expect(c.problems).toEqual(
      expect.arrayContaining([
        `missing snapshot ${k} ${day(gone)}`,
        `duplicate snapshot ${k} ${day(doubled)}`,
      ]),
    );
  });
});
