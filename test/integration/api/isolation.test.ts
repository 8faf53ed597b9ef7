import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWallet } from './support/cip30-wallet.js';
import {
  call,
  openSocket,
  signIn,
  sleep,
  startApi,
  waitFor,
  type ApiHarness,
  type SignedIn,
} from './support/api-harness.js';
import { seedWallet, type SeededWallet } from './support/seed.js';

/**
 * Two users. A has a wallet with records, snapshots, jobs and events; B tries every route with A's
 * ids and must see nothing of A's (another user's wallet looks exactly like one that does not exist).
 */
describe('user isolation across every route and the WebSocket', () => {
  let h: ApiHarness;
  let a: SignedIn;
  let b: SignedIn;
  let aWallet: { id: string; address: string };
  let aSeed: SeededWallet;
  let aJobId: string;

  beforeAll(async () => {
    h = await startApi();
    a = await signIn(h);
    b = await signIn(h);
    const tracked = new TestWallet();
    const added = await call<{ wallet: { id: string; address: string }; sync: { jobId: string } }>(
      h,
      'POST',
      '/api/wallets',
      {
        token: a.accessToken,
        body: { address: tracked.baseAddress },
      },
    );
    aWallet = added.body.wallet;
    aJobId = added.body.sync.jobId;
    aSeed = await seedWallet(h, a.userId, aWallet.id, aWallet.address);
  });
  afterAll(() => h?.close());

  it('A sees its own data (so the checks below are meaningful)', async () => {
    expect(
      (await call<{ wallets: unknown[] }>(h, 'GET', '/api/wallets', { token: a.accessToken })).body.wallets,
    ).toHaveLength(1);
    expect(
      (await call<{ holdings: unknown[] }>(h, 'GET', '/api/portfolio', { token: a.accessToken })).body
        .holdings,
    ).toHaveLength(2);
    expect(
      (await call<{ items: unknown[] }>(h, 'GET', '/api/transactions', { token: a.accessToken })).body.items,
    ).toHaveLength(5);
    const jobs = await call<{ jobs: Array<{ id: string }> }>(h, 'GET', `/api/wallets/${aWallet.id}/sync`, {
      token: a.accessToken,
    });
    expect(jobs.body.jobs.map((j) => j.id)).toEqual([aJobId]);
  });

  it('B gets empty lists and totals', async () => {
    const t = b.accessToken;
    expect((await call(h, 'GET', '/api/wallets', { token: t })).body).toEqual({ wallets: [] });
    expect((await call(h, 'GET', '/api/portfolio', { token: t })).body).toMatchObject({
      holdings: [],
      total: { value: '0', unpricedUnits: [] },
    });
    const history = await call<{ tokens: unknown[]; buckets: unknown[]; series: unknown[] }>(
      h,
      'GET',
      '/api/portfolio/history?from=2025-12-01&to=2026-02-01',
      { token: t },
    );
    expect(history.body).toMatchObject({ tokens: [], buckets: [], series: [] });
    expect((await call(h, 'GET', '/api/transactions', { token: t })).body).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await call(h, 'GET', '/api/analytics', { token: t })).body).toEqual({
      byAction: [],
      byProtocol: [],
      byMonth: [],
    });
    const csv = await fetch(`${h.url}/api/transactions/export.csv`, {
      headers: { authorization: `Bearer ${t}` },
    });
    expect((await csv.text()).trim().split('\n')).toHaveLength(1);
    expect((await call<{ id: string }>(h, 'GET', '/api/me', { token: t })).body.id).toBe(b.userId);
  });

  it("B gets 404 for every route that takes A's wallet id, and changes nothing", async () => {
    const t = b.accessToken;
    const id = aWallet.id;
    const attempts: Array<[string, string, unknown?]> = [
      ['PATCH', `/api/wallets/${id}`, { label: 'pwned' }],
      ['DELETE', `/api/wallets/${id}`],
      ['POST', `/api/wallets/${id}/sync`],
      ['GET', `/api/wallets/${id}/sync`],
      ['GET', `/api/wallets/${id}/reconciliation`],
      ['GET', `/api/portfolio?walletIds=${id}`],
      ['GET', `/api/portfolio/history?walletIds=${id}`],
      ['GET', `/api/transactions?walletIds=${id}`],
      ['GET', `/api/transactions/export.csv?walletIds=${id}`],
      ['GET', `/api/analytics?walletIds=${id}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(h, method, path, { token: t, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body).toMatchObject({ error: 'not_found', message: 'wallet not found' });
    }
    // The same answer as a wallet id that exists nowhere: nothing reveals that A's wallet exists.
    const nowhere = await call(h, 'GET', `/api/wallets/${crypto.randomUUID()}/sync`, { token: t });
    const mine = await call(h, 'GET', `/api/wallets/${id}/sync`, { token: t });
    expect({ ...(mine.body as object), requestId: '' }).toEqual({
      ...(nowhere.body as object),
      requestId: '',
    });
    const stillThere = await h.repos.wallets.get(a.userId, id);
    expect(stillThere?.label).toBeNull();
    expect(await h.queue.listByWallet(aWallet.address)).toHaveLength(1);
  });

  it("B gets 404 for A's transaction ids", async () => {
    for (const txId of Object.values(aSeed.txIds)) {
      const res = await call(h, 'GET', `/api/transactions/${txId}`, { token: b.accessToken });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: 'not_found', message: 'transaction not found' });
    }
  });

  it('B tracking the same address sees only its own (empty) records and jobs', async () => {
    const added = await call<{ wallet: { id: string }; sync: { jobId: string } }>(h, 'POST', '/api/wallets', {
      token: b.accessToken,
      body: { address: aWallet.address },
    });
    expect(added.status).toBe(201);
    const bId = added.body.wallet.id;
    expect(
      (await call(h, 'GET', `/api/portfolio?walletIds=${bId}`, { token: b.accessToken })).body,
    ).toMatchObject({ holdings: [], total: { value: '0', unpricedUnits: [] } });
    expect(
      (
        await call<{ items: unknown[] }>(h, 'GET', `/api/transactions?walletIds=${bId}`, {
          token: b.accessToken,
        })
      ).body.items,
    ).toEqual([]);
    const jobs = await call<{ jobs: Array<{ id: string }> }>(h, 'GET', `/api/wallets/${bId}/sync`, {
      token: b.accessToken,
    });
    expect(jobs.body.jobs.map((j) => j.id)).toEqual([added.body.sync.jobId]);
    expect(jobs.body.jobs.map((j) => j.id)).not.toContain(aJobId);
    // A cursor made from A's newest row leaks nothing either.
    const aPage = await call<{ nextCursor: string }>(h, 'GET', '/api/transactions?limit=1', {
      token: a.accessToken,
    });
    const withACursor = await call<{ items: unknown[] }>(
      h,
      'GET',
      `/api/transactions?cursor=${aPage.body.nextCursor}`,
      {
        token: b.accessToken,
      },
    );
    expect(withACursor.body.items).toEqual([]);
    // Removing B's wallet leaves A's records alone.
    expect((await call(h, 'DELETE', `/api/wallets/${bId}`, { token: b.accessToken })).status).toBe(204);
    expect(
      (await call<{ items: unknown[] }>(h, 'GET', '/api/transactions', { token: a.accessToken })).body.items,
    ).toHaveLength(5);
  });

  it("B's WebSocket receives none of A's events; A's receives all of them", async () => {
    const aSocket = await openSocket(h, a.accessToken);
    const bSocket = await openSocket(h, b.accessToken, 'protocol');
    const p = { walletId: aWallet.id, walletAddress: aWallet.address };
    await h.worker.publish(a.userId, 'sync_progress', { ...p, phase: 'fetch', done: 2, total: 5 });
    await h.worker.publish(a.userId, 'wallet_updated', p);
    await h.worker.publish(a.userId, 'sync_failed', { ...p, reason: 'daily cap reached' });
    await h.worker.publish(b.userId, 'wallet_updated', { walletId: 'b-wallet', walletAddress: 'addr1b' });
    await waitFor(() => aSocket.frames.length >= 4 && bSocket.frames.length >= 2);
    await sleep(150);
    expect(aSocket.frames.map((f) => f.type)).toEqual([
      'hello',
      'sync_progress',
      'wallet_updated',
      'sync_failed',
    ]);
    expect(bSocket.frames.map((f) => f.type)).toEqual(['hello', 'wallet_updated']);
    expect(bSocket.frames[1]!.payload).toEqual({ walletId: 'b-wallet', walletAddress: 'addr1b' });
    expect(JSON.stringify(bSocket.frames)).not.toContain(aWallet.address);
    // Sending A's user id as a query parameter changes nothing: the user comes from the token only.
    const sneaky = await openSocket(h, b.accessToken, 'query', `userId=${a.userId}&sub=${a.userId}&`);
    await h.worker.publish(a.userId, 'wallet_updated', p);
    await sleep(200);
    expect(sneaky.frames.map((f) => f.type)).toEqual(['hello']);
    aSocket.close();
    bSocket.close();
    sneaky.close();
  });
});
