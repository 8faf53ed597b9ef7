import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTIVE_STAKE,
  ADA_USD,
  expectedUsdValue,
  NUTS_EPOCH_600,
  POOL_BROKEN,
  POOL_NUTS,
  POOL_QUOTED,
  POOL_QUOTED_NAME,
  SEEDED_RECORDS,
  seededLedger,
  seedStakeWallet,
  seedStakingChainData,
} from '../../support/staking-seed.js';
import { call, signIn, startApi, type ApiHarness, type SignedIn } from './support/api-harness.js';
import { TestWallet } from './support/cip30-wallet.js';

/** Exact oracle for the expected figures (far more digits than any value here). */
const Wide = Decimal.clone({ precision: 200 });

interface Total {
  count: number;
  amountLovelace: string;
  value: string | null;
  unpriced: number;
}
interface Reward {
  walletAddress: string;
  epoch: number;
  spendableEpoch: number;
  spendableAt: string;
  type: string;
  poolId: string | null;
  poolLabel: string | null;
  amountLovelace: string;
  price: string | null;
  value: string | null;
  priceDate: string | null;
  unpricedReason: string | null;
  activeStakeLovelace: string | null;
  annualisedYield: string | null;
  poolAnnualisedYield: string | null;
}
interface Staking {
  currency: string;
  epochsPerYear: number;
  delegations: Array<Record<string, unknown>>;
  rewards: Reward[];
  byEpoch: Array<
    Total & { epoch: number; annualisedYield: string | null; poolAnnualisedYield: string | null }
  >;
  byPool: Array<Total & { poolId: string | null; poolLabel: string | null }>;
  byYear: Array<Total & { year: number }>;
  total: Total;
}

const sum = (xs: Array<string | null>) => xs.reduce((s, x) => s.plus(x ?? 0), new Wide(0)).toFixed();
const lovelace = (xs: readonly { amount: bigint }[]) => xs.reduce((s, x) => s + x.amount, 0n).toString();
const yieldOf = (amount: bigint, stake: bigint, perYear = 73) =>
  new Decimal(amount.toString()).div(stake.toString()).mul(perYear).toSignificantDigits(6).toString();

/**
 * GET /api/staking and /api/staking/rewards.csv on the real API and PostgreSQL, with rewards, stake
 * history, pools and prices seeded through the repositories the rewards stage writes with.
 */
describe('staking API (PostgreSQL, Redis)', () => {
  let h: ApiHarness;
  let user: SignedIn;
  let other: SignedIn;
  let stake: { id: string; address: string };
  let payment: { id: string; address: string };
  let othersStake: { id: string; address: string };

  const staking = (query = '', token = user.accessToken) =>
    call<Staking>(h, 'GET', `/api/staking${query}`, { token });
  const add = async (token: string, address: string, label?: string) => {
    const res = await call<{ wallet: { id: string; address: string } }>(h, 'POST', '/api/wallets', {
      token,
      body: label ? { address, label } : { address },
    });
    expect(res.status).toBe(201);
    return res.body.wallet;
  };

  beforeAll(async () => {
    h = await startApi();
    user = await signIn(h);
    other = await signIn(h);
    const keys = new TestWallet();
    stake = await add(user.accessToken, keys.stakeAddress, 'Staking');
    payment = await add(user.accessToken, keys.baseAddress, 'Daily');
    // The other user tracks the same stake account: their own copy of it, with a reward of their own.
    othersStake = await add(other.accessToken, keys.stakeAddress);
    await seedStakingChainData(h.repos, h.db.sql);
    await seedStakeWallet(h.repos, user.userId, stake.id, stake.address);
    await h.repos.stakingRewards.write(other.userId, othersStake.id, othersStake.address, {
      rewards: [{ ...SEEDED_RECORDS[0]!, amount: 42n }],
      history: [],
      replaceHistory: false,
      rewardsEpoch: 604,
    });
  });
  afterAll(() => h?.close());

  it('values every reward at receipt: amount × the ADA price of the day it became spendable', async () => {
    const res = await staking('?currency=USD');
    expect(res.status).toBe(200);
    expect(res.body.currency).toBe('USD');
    expect(res.body.epochsPerYear).toBe(73);
    // Oldest first by spendable time, then epoch: the MIR of epoch 600 pays with epoch 599's reward.
    expect(res.body.rewards.map((r) => [r.epoch, r.type, r.spendableAt])).toEqual([
      [598, 'member', '2025-12-17T21:44:51.000Z'],
      [599, 'member', '2025-12-22T21:44:51.000Z'],
      [600, 'mir', '2025-12-22T21:44:51.000Z'],
      [600, 'member', '2025-12-27T21:44:51.000Z'],
      [601, 'member', '2026-01-01T21:44:51.000Z'],
      [602, 'member', '2026-01-06T21:44:51.000Z'],
      [603, 'member', '2026-01-11T21:44:51.000Z'],
    ]);
    const byKey = new Map(SEEDED_RECORDS.map((r) => [`${r.epoch}:${r.type}`, r]));
    for (const r of res.body.rewards) {
      const seeded = byKey.get(`${r.epoch}:${r.type}`)!;
      const spendableDay = r.spendableAt.slice(0, 10);
      expect(r.amountLovelace).toBe(seeded.amount.toString());
      expect(r.spendableEpoch).toBe(seeded.spendableEpoch);
      expect(r.walletAddress).toBe(stake.address);
      expect(r.value).toBe(expectedUsdValue(seeded));
      expect(r.price).toBe(ADA_USD.get(spendableDay)?.toFixed() ?? null);
    }
    const [unpriced, quoted, mir, nuts600] = res.body.rewards;
    // Before the first stored price: no value, with the reason, never a zero.
    expect(unpriced).toMatchObject({
      price: null,
      value: null,
      priceDate: null,
      unpricedReason: 'outside_history',
    });
    expect(quoted).toMatchObject({
      poolId: POOL_QUOTED,
      poolLabel: POOL_QUOTED_NAME,
      priceDate: '2025-12-22',
      unpricedReason: null,
      value: new Wide('2.000001').times(ADA_USD.get('2025-12-22')!).toFixed(),
    });
    // A MIR has no pool and no stake: no yield.
    expect(mir).toMatchObject({
      poolId: null,
      poolLabel: null,
      activeStakeLovelace: null,
      annualisedYield: null,
      value: new Wide(5).times(ADA_USD.get('2025-12-22')!).toFixed(),
    });
    // Member yield: reward ÷ active stake × 73, against the pool's (rewards − fees) ÷ its stake × 73.
    expect(nuts600).toMatchObject({
      poolLabel: 'NUTS',
      activeStakeLovelace: ACTIVE_STAKE.toString(),
      annualisedYield: yieldOf(1_987_654n, ACTIVE_STAKE),
      poolAnnualisedYield: yieldOf(NUTS_EPOCH_600.rewards - NUTS_EPOCH_600.fees, NUTS_EPOCH_600.activeStake),
    });
    expect(nuts600!.poolAnnualisedYield).toBe('0.03996');
    // A pool whose metadata could not be read shows its pool id.
    expect(res.body.rewards.filter((r) => r.poolId === POOL_BROKEN).map((r) => r.poolLabel)).toEqual([
      POOL_BROKEN,
      POOL_BROKEN,
    ]);
  });

  it('totals per epoch, per pool and per year add up exactly; unpriced rewards are counted, not zeroed', async () => {
    const { body } = await staking('?currency=USD');
    const values = (pick: (r: Reward) => boolean) => sum(body.rewards.filter(pick).map((r) => r.value));
    const records = (pick: (r: (typeof SEEDED_RECORDS)[number]) => boolean) =>
      lovelace(SEEDED_RECORDS.filter(pick));

    expect(body.byEpoch.map((e) => [e.epoch, e.count, e.amountLovelace, e.unpriced])).toEqual([
      [598, 1, '1234567', 1],
      [599, 1, '2000001', 0],
      [600, 2, '6987654', 0],
      [601, 1, '2100000', 0],
      [602, 1, '1900003', 0],
      [603, 1, '1850000', 0],
    ]);
    // Epoch 598's only reward is unpriced: its value is unknown (null), not 0.
    expect(body.byEpoch[0]!.value).toBeNull();
    expect(body.byEpoch[2]).toMatchObject({
      value: values((r) => r.epoch === 600),
      // The epoch's yield counts member rewards only (the MIR is not a return on the stake).
      annualisedYield: yieldOf(1_987_654n, ACTIVE_STAKE),
      poolAnnualisedYield: '0.03996',
    });
    expect(body.byEpoch[5]).toMatchObject({ annualisedYield: yieldOf(1_850_000n, ACTIVE_STAKE) });

    // Largest first; the MIR has no pool; the pool without metadata is labelled by its id.
    expect(body.byPool).toEqual([
      {
        poolId: POOL_NUTS,
        poolLabel: 'NUTS',
        count: 3,
        amountLovelace: records((r) => r.poolId === POOL_NUTS),
        value: values((r) => r.poolId === POOL_NUTS),
        unpriced: 1,
      },
      { poolId: null, poolLabel: null, count: 1, amountLovelace: '5000000', value: mir(body), unpriced: 0 },
      {
        poolId: POOL_BROKEN,
        poolLabel: POOL_BROKEN,
        count: 2,
        amountLovelace: '3750003',
        value: values((r) => r.poolId === POOL_BROKEN),
        unpriced: 0,
      },
      {
        poolId: POOL_QUOTED,
        poolLabel: POOL_QUOTED_NAME,
        count: 1,
        amountLovelace: '2000001',
        value: values((r) => r.poolId === POOL_QUOTED),
        unpriced: 0,
      },
    ]);

    const inYear = (y: string) => (r: { spendableAt: string | Date }) =>
      (typeof r.spendableAt === 'string' ? r.spendableAt : r.spendableAt.toISOString()).startsWith(y);
    expect(body.byYear).toEqual([
      {
        year: 2025,
        count: 4,
        amountLovelace: records(inYear('2025')),
        value: values(inYear('2025')),
        unpriced: 1,
      },
      {
        year: 2026,
        count: 3,
        amountLovelace: records(inYear('2026')),
        value: values(inYear('2026')),
        unpriced: 0,
      },
    ]);
    // The 2026 figure a user puts on a tax return, computed here from the seed alone.
    expect(body.byYear[1]!.value).toBe(
      new Wide('2.1')
        .times(ADA_USD.get('2026-01-01')!)
        .plus(new Wide('1.900003').times(ADA_USD.get('2026-01-06')!))
        .plus(new Wide('1.85').times(ADA_USD.get('2026-01-11')!))
        .toFixed(),
    );
    expect(body.total).toEqual({
      count: 7,
      amountLovelace: lovelace(SEEDED_RECORDS),
      value: values(() => true),
      unpriced: 1,
    });
    expect(sum(body.byYear.map((y) => y.value))).toBe(body.total.value);
    expect(sum(body.byPool.map((p) => p.value))).toBe(body.total.value);
    expect(sum(body.byEpoch.map((e) => e.value))).toBe(body.total.value);
  });

  it('shows the current delegation, pool id for a pool without metadata, and the rewards ledger', async () => {
    const { body } = await staking();
    expect(body.delegations).toEqual([
      {
        walletId: stake.id,
        walletAddress: stake.address,
        label: 'Staking',
        poolId: POOL_BROKEN,
        poolLabel: POOL_BROKEN,
        poolMetadataError: 'HASH_MISMATCH: metadata hash does not match',
        activeEpoch: 604,
        activeStakeLovelace: ACTIVE_STAKE.toString(),
        ledger: seededLedger(),
      },
    ]);
    expect(seededLedger()).toMatchObject({
      status: 'mismatch',
      differenceLovelace: '1000000',
      gapEpochs: [597],
    });
  });

  it('values in the chosen currency: ADA at 1, a currency without prices leaves every value unknown', async () => {
    const ada = await staking('?currency=ada');
    expect(ada.body.currency).toBe('ADA');
    expect(ada.body.rewards[0]).toMatchObject({ price: '1', value: '1.234567', unpricedReason: null });
    expect(ada.body.total).toMatchObject({ value: '16.072225', unpriced: 0 });
    const eur = await staking('?currency=EUR');
    expect(eur.status).toBe(200);
    expect(eur.body.rewards.every((r) => r.value === null && r.unpricedReason === 'no_source')).toBe(true);
    expect(eur.body.total).toEqual({ count: 7, amountLovelace: '16072225', value: null, unpriced: 7 });
  });

  it('filters by type and spendable date range', async () => {
    const mirs = await staking('?types=mir');
    expect(mirs.body.rewards.map((r) => r.type)).toEqual(['mir']);
    expect(mirs.body.total.amountLovelace).toBe('5000000');
    const members = await staking('?types=member,leader');
    expect(members.body.total.count).toBe(6);
    const range = await staking('?from=2026-01-01&to=2026-01-11');
    expect(range.body.rewards.map((r) => r.epoch)).toEqual([601, 602]);
    expect(range.body.byYear.map((y) => y.year)).toEqual([2026]);
    const backwards = await staking('?from=2026-02-01&to=2026-01-01');
    expect(backwards.status).toBe(400);
  });

  it('refuses an unknown currency or reward type with a 400 naming the accepted values', async () => {
    const currency = await staking('?currency=XYZ');
    expect(currency.status).toBe(400);
    expect((currency.body as unknown as { message: string }).message).toBe(
      'currency must be one of ADA, USD, EUR, GBP, JPY',
    );
    const type = await staking('?types=member,bogus');
    expect(type.status).toBe(400);
    const message = (type.body as unknown as { message: string }).message;
    for (const accepted of ['member', 'leader', 'pool_deposit_refund', 'mir'])
      expect(message).toContain(accepted);
    const csv = await call(h, 'GET', '/api/staking/rewards.csv?currency=XYZ', { token: user.accessToken });
    expect(csv.status).toBe(400);
  });

  it("answers another user's wallet id like a wallet that does not exist (404)", async () => {
    for (const id of [othersStake.id, crypto.randomUUID(), 'not-a-uuid']) {
      const res = await staking(`?walletIds=${id}`);
      expect(res.status, id).toBe(404);
      const csv = await call(h, 'GET', `/api/staking/rewards.csv?walletIds=${id}`, {
        token: user.accessToken,
      });
      expect(csv.status, id).toBe(404);
    }
    expect((await call(h, 'GET', '/api/staking')).status).toBe(401);
  });

  it("never shows one user's rewards to another, even for the same stake account", async () => {
    const mine = await staking();
    expect(mine.body.total.count).toBe(7);
    const theirs = await staking('', other.accessToken);
    expect(theirs.status).toBe(200);
    expect(theirs.body.rewards.map((r) => r.amountLovelace)).toEqual(['42']);
    // No stake history stored for them: delegated nowhere yet, no ledger checked yet.
    expect(theirs.body.delegations).toEqual([
      expect.objectContaining({ walletId: othersStake.id, poolId: null, poolLabel: null, ledger: null }),
    ]);
    const theirCsv = await (
      await fetch(`${h.url}/api/staking/rewards.csv`, {
        headers: { authorization: `Bearer ${other.accessToken}` },
      })
    ).text();
    expect(theirCsv.trim().split('\r\n')).toHaveLength(2);
  });

  it('a payment-address wallet has no delegation and no rewards, and that is not an error', async () => {
    const res = await staking(`?walletIds=${payment.id}&currency=USD`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ delegations: [], rewards: [], byEpoch: [], byPool: [], byYear: [] });
    // Nothing earned is worth exactly nothing (not an unknown value).
    expect(res.body.total).toEqual({ count: 0, amountLovelace: '0', value: '0', unpriced: 0 });
    const csv = await fetch(`${h.url}/api/staking/rewards.csv?walletIds=${payment.id}`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n')).toHaveLength(1);
  });

  it('exports every matching reward as CSV: headers, exact cells, quoting and a formula guard', async () => {
    const res = await fetch(`${h.url}/api/staking/rewards.csv?currency=USD`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="adafolio-staking-rewards.csv"',
    );
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe(
      'Spendable at (UTC),Epoch earned,Spendable epoch,Wallet,Type,Pool,Pool id,Amount (ADA),Amount (lovelace),' +
        'Price (USD per ADA),Value (USD),Price date,Unpriced reason,Annualised yield,Pool annualised yield',
    );
    expect(lines).toHaveLength(1 + 7);
    const json = (await staking('?currency=USD')).body.rewards;
    // Unpriced: empty price, value and date cells, and the reason.
    expect(lines[1]).toBe(
      [
        '2025-12-17T21:44:51.000Z',
        598,
        600,
        stake.address,
        'member',
        'NUTS',
        POOL_NUTS,
        '1.234567',
        '1234567',
        '',
        '',
        '',
        'outside_history',
        json[0]!.annualisedYield,
        '',
      ].join(','),
    );
    // A name with a comma and quotes is quoted (quotes doubled); a leading = cannot run as a formula.
    expect(lines[2]).toBe(
      [
        '2025-12-22T21:44:51.000Z',
        599,
        601,
        stake.address,
        'member',
        `"'=Nuts, ""Fair"" Pool"`,
        POOL_QUOTED,
        '2.000001',
        '2000001',
        ADA_USD.get('2025-12-22')!.toFixed(),
        json[1]!.value,
        '2025-12-22',
        '',
        json[1]!.annualisedYield,
        '',
      ].join(','),
    );
    expect(lines[3]).toContain(',mir,,,5,5000000,');
    // The same filters as the JSON route.
    const mirs = await fetch(`${h.url}/api/staking/rewards.csv?types=mir&currency=ADA`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    const mirLines = (await mirs.text()).trim().split('\r\n');
    expect(mirLines[0]).toContain('Value (ADA)');
    expect(mirLines).toHaveLength(2);
  });
});

function mir(body: Staking): string | null {
  return body.rewards.find((r) => r.type === 'mir')!.value;
}
