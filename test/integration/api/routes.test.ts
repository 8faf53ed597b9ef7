import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';

// CommonJS packages: under NodeNext their default export is the module object.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWallet } from './support/cip30-wallet.js';
import {
  call,
  openSocket,
  signIn,
  startApi,
  waitFor,
  type ApiHarness,
  type SignedIn,
} from './support/api-harness.js';
import { DAY, seedWallet, TOKEN_UNIT, type SeededWallet } from './support/seed.js';

interface WalletBody {
  id: string;
  address: string;
  kind: string;
  label: string | null;
}

describe('API routes', () => {
  let h: ApiHarness;
  let user: SignedIn;
  let tracked: TestWallet;
  let wallet: WalletBody;
  let seeded: SeededWallet;

  beforeAll(async () => {
    h = await startApi();
    user = await signIn(h);
    tracked = new TestWallet();
    const added = await call<{ wallet: WalletBody; sync: { jobId: string; joined: boolean } }>(
      h,
      'POST',
      '/api/wallets',
      {
        token: user.accessToken,
        body: { address: tracked.baseAddress, label: 'Main' },
      },
    );
    expect(added.status).toBe(201);
    wallet = added.body.wallet;
    expect(added.body.sync).toMatchObject({ joined: false });
    seeded = await seedWallet(h, user.userId, wallet.id, wallet.address);
  });
  afterAll(() => h?.close());

  describe('wallets', () => {
    it('adds, lists, renames; refuses duplicates and bad addresses with clear codes', async () => {
      const t = user.accessToken;
      expect(wallet).toMatchObject({ address: tracked.baseAddress, kind: 'payment', label: 'Main' });
      const dup = await call(h, 'POST', '/api/wallets', { token: t, body: { address: tracked.baseAddress } });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ error: 'conflict' });
      const badChecksum = await call(h, 'POST', '/api/wallets', {
        token: t,
        body: { address: tracked.baseAddress.slice(0, -1) + (tracked.baseAddress.endsWith('q') ? 'p' : 'q') },
      });
      expect(badChecksum.status).toBe(400);
      expect(badChecksum.body).toMatchObject({ details: { reason: 'bad_checksum' } });
      const testnet = await call(h, 'POST', '/api/wallets', {
        token: t,
        body: { address: 'stake_test1uqfu74w3wh4gfzu8m6e7j987h4lq9r3t7ef5gaw497uu85qsqfy27' },
      });
      expect(testnet.status).toBe(422);
      const stake = await call<{ wallet: WalletBody }>(h, 'POST', '/api/wallets', {
        token: t,
        body: { address: tracked.stakeAddress },
      });
      expect(stake.status).toBe(201);
      expect(stake.body.wallet.kind).toBe('stake');
      const renamed = await call<{ wallet: WalletBody }>(h, 'PATCH', `/api/wallets/${stake.body.wallet.id}`, {
        token: t,
        body: { label: 'Staking' },
      });
      expect(renamed.body.wallet.label).toBe('Staking');
      const emptyLabel = await call(h, 'PATCH', `/api/wallets/${stake.body.wallet.id}`, {
        token: t,
        body: { label: '' },
      });
      expect(emptyLabel.status).toBe(400);
      const list = await call<{ wallets: WalletBody[] }>(h, 'GET', '/api/wallets', { token: t });
      expect(list.body.wallets.map((w) => w.label)).toEqual(['Main', 'Staking']);
      expect((await call(h, 'DELETE', `/api/wallets/${stake.body.wallet.id}`, { token: t })).status).toBe(
        204,
      );
      expect((await call(h, 'DELETE', `/api/wallets/${stake.body.wallet.id}`, { token: t })).status).toBe(
        404,
      );
    });

    it('triggers a sync that joins the live job, and lists recent jobs', async () => {
      const sync = await call<{ jobId: string; joined: boolean }>(
        h,
        'POST',
        `/api/wallets/${wallet.id}/sync`,
        { token: user.accessToken },
      );
      expect(sync.status).toBe(202);
      expect(sync.body.joined).toBe(true);
      const status = await call<{ jobs: Array<{ id: string; status: string }> }>(
        h,
        'GET',
        `/api/wallets/${wallet.id}/sync`,
        {
          token: user.accessToken,
        },
      );
      expect(status.status).toBe(200);
      expect(status.body.jobs.map((j) => j.id)).toEqual([sync.body.jobId]);
      expect(status.body.jobs[0]!.status).toBe('pending');
    });

    it('shows the reconciliation result', async () => {
      const before = await call(h, 'GET', `/api/wallets/${wallet.id}/reconciliation`, {
        token: user.accessToken,
      });
      expect(before.body).toMatchObject({ reconciliation: null });
      await h.repos.wallets.setReconciliation(user.userId, wallet.id, {
        status: 'matched',
        computedLovelace: '5620000',
        chainLovelace: '5620000',
        differenceLovelace: '0',
        checkedAt: new Date().toISOString(),
      });
      const after = await call(h, 'GET', `/api/wallets/${wallet.id}/reconciliation`, {
        token: user.accessToken,
      });
      expect(after.body).toMatchObject({ reconciliation: { status: 'matched', differenceLovelace: '0' } });
    });
  });

  describe('portfolio', () => {
    it('returns current holdings from the latest snapshots with names and decimals applied', async () => {
      const res = await call<{ holdings: Array<Record<string, unknown>> }>(h, 'GET', '/api/portfolio', {
        token: user.accessToken,
      });
      expect(res.status).toBe(200);
      expect(res.body.holdings).toEqual([
        expect.objectContaining({
          unit: 'lovelace',
          ticker: 'ADA',
          decimals: 6,
          quantity: '5620000',
          amount: '5.62',
        }),
        expect.objectContaining({
          unit: TOKEN_UNIT,
          name: 'Test Token',
          ticker: 'TST',
          decimals: 2,
          quantity: '15000',
          amount: '150',
        }),
      ]);
      const one = await call(h, 'GET', `/api/portfolio?walletIds=${wallet.id}`, { token: user.accessToken });
      expect(one.body).toEqual(res.body);
    });

    it('returns daily history as change points, values carried over days without a snapshot', async () => {
      const from = new Date(seeded.day0.getTime()).toISOString();
      const to = new Date(seeded.day0.getTime() + 7 * DAY).toISOString();
      const res = await call<History>(h, 'GET', `/api/portfolio/history?interval=day&from=${from}&to=${to}`, {
        token: user.accessToken,
      });
      expect(res.status).toBe(200);
      // Only the days with a change travel; the first bucket is the first day with data.
      expect(res.body.buckets.map((b) => b.slice(0, 10))).toEqual([
        '2026-01-02',
        '2026-01-03',
        '2026-01-04',
        '2026-01-05',
        '2026-01-06',
        '2026-01-07',
        '2026-01-08',
      ]);
      // Tokens in the order they first appear, then by unit; `series` in the same order.
      expect(res.body.tokens.map((t) => t.unit)).toEqual([TOKEN_UNIT, 'lovelace']);
      expect(res.body.series).toEqual([
        { unit: TOKEN_UNIT, at: [0, 5], amounts: ['100', '150'] },
        { unit: 'lovelace', at: [0, 2, 4, 5], amounts: ['10', '6.8', '4.62', '5.62'] },
      ]);
      expect(valuesOf(res.body, 'lovelace')).toEqual([
        ['2026-01-02', '10'],
        ['2026-01-03', '10'],
        ['2026-01-04', '6.8'],
        ['2026-01-05', '6.8'],
        ['2026-01-06', '4.62'],
        ['2026-01-07', '5.62'],
        ['2026-01-08', '5.62'],
      ]);
      expect(valuesOf(res.body, TOKEN_UNIT).map(([, v]) => v)).toEqual([
        '100',
        '100',
        '100',
        '100',
        '100',
        '150',
        '150',
      ]);
      const weekly = await call<History>(
        h,
        'GET',
        `/api/portfolio/history?interval=week&from=${from}&to=${to}`,
        {
          token: user.accessToken,
        },
      );
      // Weeks start on Monday (2025-12-29 and 2026-01-05): each shows the holding at its end
      // (the first week ends on 2026-01-04, after the send).
      expect(valuesOf(weekly.body, 'lovelace')).toEqual([
        ['2025-12-29', '6.8'],
        ['2026-01-05', '5.62'],
      ]);
    });

    it('opens a range that starts mid-history with the balances held at its start', async () => {
      const res = await call<History>(
        h,
        'GET',
        '/api/portfolio/history?interval=day&from=2026-01-05T00:00:00Z&to=2026-01-08T00:00:00Z',
        { token: user.accessToken },
      );
      const token = valuesOf(res.body, TOKEN_UNIT);
      expect(valuesOf(res.body, 'lovelace').map(([day, ada], i) => [day, ada, token[i]![1]])).toEqual([
        ['2026-01-05', '6.8', '100'],
        ['2026-01-06', '4.62', '100'],
        ['2026-01-07', '5.62', '150'],
        ['2026-01-08', '5.62', '150'],
      ]);
    });

    it('limits history to the requested token units', async () => {
      const res = await call<History>(
        h,
        'GET',
        `/api/portfolio/history?interval=month&from=2026-01-01&to=2026-01-31&units=lovelace`,
        { token: user.accessToken },
      );
      expect(res.body.tokens.map((t) => t.unit)).toEqual(['lovelace']);
      expect(res.body.buckets).toEqual(['2026-01-01T00:00:00.000Z']);
      expect(res.body.series).toEqual([{ unit: 'lovelace', at: [0], amounts: ['5.62'] }]);
      const bad = await call(h, 'GET', '/api/portfolio/history?units=DROP', { token: user.accessToken });
      expect(bad.status).toBe(400);
    });

    it('rejects bad ranges', async () => {
      const bad = await call(h, 'GET', '/api/portfolio/history?from=2026-02-01&to=2026-01-01', {
        token: user.accessToken,
      });
      expect(bad.status).toBe(400);
      const huge = await call(h, 'GET', '/api/portfolio/history?from=1990-01-01&to=2026-01-01&interval=day', {
        token: user.accessToken,
      });
      expect(huge.status).toBe(422);
      const interval = await call(h, 'GET', '/api/portfolio/history?interval=hour', {
        token: user.accessToken,
      });
      expect(interval.status).toBe(400);
      expect(JSON.stringify(interval.body)).toContain('interval');
    });
  });

  describe('transactions', () => {
    type Page = {
      items: Array<{
        id: string;
        txHash: string;
        action: string;
        flows: Array<{ unit: string; amount: string }>;
      }>;
      nextCursor: string | null;
    };

    it('lists newest first with cursor pages that cover every row once', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: Page } = await call<Page>(
          h,
          'GET',
          `/api/transactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: user.accessToken },
        );
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((i) => i.txHash.slice(0, 2)));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['05', '04', '03', '02', '01']);
    });

    it('filters by wallet, action, protocol, token and date range', async () => {
      const q = async (qs: string) =>
        (await call<Page>(h, 'GET', `/api/transactions?${qs}`, { token: user.accessToken })).body.items.map(
          (i) => i.txHash.slice(0, 2),
        );
      expect(await q('action=receive')).toEqual(['05', '01']);
      expect(await q('protocol=minswap')).toEqual(['04', '03']);
      expect(await q(`unit=${TOKEN_UNIT}`)).toEqual(['04', '01']);
      expect(await q(`walletIds=${wallet.id}&from=2026-01-04&to=2026-01-07T13:00:00Z`)).toEqual([
        '04',
        '03',
        '02',
      ]);
      const first = await call<Page>(h, 'GET', '/api/transactions?action=receive&limit=1', {
        token: user.accessToken,
      });
      expect(first.body.items[0]!.flows).toEqual([
        expect.objectContaining({ unit: 'lovelace', amount: '1' }),
      ]);
      const badCursor = await call(h, 'GET', '/api/transactions?cursor=nonsense', {
        token: user.accessToken,
      });
      expect(badCursor.status).toBe(400);
      const badAction = await call(h, 'GET', '/api/transactions?action=DROP%20TABLE', {
        token: user.accessToken,
      });
      expect(badAction.status).toBe(400);
      const badLimit = await call(h, 'GET', '/api/transactions?limit=100000', { token: user.accessToken });
      expect(badLimit.status).toBe(400);
    });

    it('shows a transaction with its flows and linked action', async () => {
      const res = await call<Record<string, unknown>>(h, 'GET', `/api/transactions/${seeded.txIds['04']}`, {
        token: user.accessToken,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        action: 'swap_fill',
        protocol: 'minswap',
        flows: [{ unit: TOKEN_UNIT, ticker: 'TST', quantity: '5000', amount: '50' }],
        linkedAction: {
          actionType: 'swap',
          status: 'completed',
          transactions: [
            { txHash: '03'.repeat(32), sequenceNumber: 0 },
            { txHash: '04'.repeat(32), sequenceNumber: 1 },
          ],
        },
      });
      expect(
        (await call(h, 'GET', `/api/transactions/${crypto.randomUUID()}`, { token: user.accessToken }))
          .status,
      ).toBe(404);
      expect((await call(h, 'GET', '/api/transactions/not-a-uuid', { token: user.accessToken })).status).toBe(
        404,
      );
    });

    it('exports CSV with every matching row', async () => {
      const res = await fetch(`${h.url}/api/transactions/export.csv`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const lines = (await res.text()).trim().split('\n');
      expect(lines[0]).toBe(
        'timestamp,tx_hash,wallet_address,block_height,action,protocol,net_ada,fees_ada,flows,description',
      );
      expect(lines).toHaveLength(6);
      expect(lines[1]).toContain('05'.repeat(32));
      expect(lines.find((l) => l.includes('02'.repeat(32)))).toContain(',send,,-3,0.2,');
      const filtered = await fetch(`${h.url}/api/transactions/export.csv?protocol=minswap`, {
        headers: { authorization: `Bearer ${user.accessToken}` },
      });
      expect((await filtered.text()).trim().split('\n')).toHaveLength(3);
    });
  });

  it('reports analytics by action, protocol and month', async () => {
    const res = await call<{
      byAction: Array<Record<string, unknown>>;
      byProtocol: Array<Record<string, unknown>>;
      byMonth: Array<Record<string, unknown>>;
    }>(h, 'GET', '/api/analytics', { token: user.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.byAction).toContainEqual({
      key: 'receive',
      count: 2,
      inflowLovelace: '11000000',
      outflowLovelace: '0',
      feesLovelace: '0',
    });
    expect(res.body.byProtocol).toContainEqual(
      expect.objectContaining({ key: 'minswap', count: 2, outflowLovelace: '2000000' }),
    );
    expect(res.body.byMonth).toEqual([
      expect.objectContaining({ key: '2026-01', count: 5, feesLovelace: '380000' }),
    ]);
  });

  it('relays the user’s events over the WebSocket (token by query or subprotocol)', async () => {
    const viaQuery = await openSocket(h, user.accessToken, 'query');
    const viaProtocol = await openSocket(h, user.accessToken, 'protocol');
    expect(viaProtocol.ws.protocol).toBe('adafolio.v1');
    await h.worker.publish(user.userId, 'sync_progress', {
      walletId: wallet.id,
      walletAddress: wallet.address,
      phase: 'fetch',
      done: 1,
      total: 4,
    });
    await waitFor(() => viaQuery.frames.length >= 2 && viaProtocol.frames.length >= 2);
    expect(viaQuery.frames[1]).toMatchObject({
      type: 'sync_progress',
      payload: { walletId: wallet.id, done: 1, total: 4 },
    });
    viaQuery.close();
    viaProtocol.close();
    await expect(openSocket(h, 'bad-token')).rejects.toThrow(/401/);
    const plain = await call(h, 'GET', `/ws?token=${user.accessToken}`);
    expect(plain.status).toBe(426);
    await expect(openSocket(h, user.refreshToken)).rejects.toThrow(/401/);
  });

  it('caches read responses per user until a sync event for that user arrives', async () => {
    const get = () =>
      call<{ holdings: Array<{ unit: string; amount: string }> }>(h, 'GET', '/api/portfolio', {
        token: user.accessToken,
      });
    await get();
    const cached = await get();
    expect(cached.headers.get('x-cache')).toBe('hit');
    // The sync writes a new snapshot, then announces it: the next read is fresh.
    const day = new Date(seeded.day0.getTime() + 8 * DAY);
    await h.repos.snapshots.replaceFrom(user.userId, wallet.address, day, [
      { asOf: day, tokenUnit: 'lovelace', quantity: 7_000_000n },
    ]);
    expect((await get()).body.holdings[0]!.amount).toBe('5.62');
    await h.worker.publish(user.userId, 'wallet_updated', {
      walletId: wallet.id,
      walletAddress: wallet.address,
    });
    let fresh = await get();
    for (let i = 0; i < 50 && fresh.body.holdings[0]!.amount !== '7'; i++) fresh = await get();
    expect(fresh.body.holdings[0]).toMatchObject({ unit: 'lovelace', amount: '7' });
    // Put the seeded state back for the other tests.
    await h.db.prisma.portfolioHoldingsSnapshot.deleteMany({ where: { userId: user.userId, asOf: day } });
    await h.worker.publish(user.userId, 'wallet_updated', {
      walletId: wallet.id,
      walletAddress: wallet.address,
    });
    let back = await get();
    for (let i = 0; i < 50 && back.body.holdings[0]!.amount !== '5.62'; i++) back = await get();
    expect(back.body.holdings[0]!.amount).toBe('5.62');
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await call(h, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await call<{ status: string; checks: Record<string, { ok: boolean }> }>(
      h,
      'GET',
      '/readyz',
    );
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['database', 'eventBus', 'queue']);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toContain('adafolio_http_request_duration_seconds_bucket');
    expect(metrics).toMatch(/adafolio_queue_jobs\{state="pending"\} \d+/);
    expect(metrics).toContain('adafolio_blockfrost_requests_today 123');
    expect(metrics).toContain('adafolio_blockfrost_requests_remaining 49377');
    expect(metrics).toContain('adafolio_ws_connections');
    expect(metrics).toMatch(/adafolio_api_cache\{stat="hits"\} [1-9]/);
    const res = await call(h, 'GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });

  it('answers unknown routes and bad JSON with JSON errors', async () => {
    const unknown = await call(h, 'GET', '/api/nope', { token: user.accessToken });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found' });
    const badJson = await call(h, 'POST', '/api/wallets', { token: user.accessToken, body: '{"address": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: 'bad_request' });
  });

  it('publishes a valid OpenAPI document listing every route', async () => {
    const doc = (await call<OpenApiDoc>(h, 'GET', '/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    // Against the official OpenAPI 3.x JSON schema (the OAI's, for the document's version).
    const validation = await new Validator({ allErrors: true }).validate(
      doc as unknown as Record<string, unknown>,
    );
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(doc.info.title).toBeTruthy();
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const operationIds = new Set<string>();
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path.startsWith('/')).toBe(true);
      for (const [method, op] of Object.entries(item)) {
        documented.add(`${method.toUpperCase()} ${path}`);
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0);
        for (const r of Object.values(op.responses)) {
          for (const media of Object.values(r.content ?? {})) ajv.compile(media.schema ?? {});
        }
        for (const p of op.parameters ?? []) {
          expect(['query', 'path', 'header', 'cookie']).toContain(p.in);
          ajv.compile(p.schema ?? {});
          if (p.in === 'path') expect(p.required).toBe(true);
        }
        for (const media of Object.values(op.requestBody?.content ?? {})) ajv.compile(media.schema ?? {});
        for (const s of op.security ?? [])
          for (const name of Object.keys(s)) expect(doc.components.securitySchemes).toHaveProperty(name);
        if (op.operationId) {
          expect(operationIds.has(op.operationId)).toBe(false);
          operationIds.add(op.operationId);
        }
      }
    }
    expect(JSON.stringify(doc)).not.toContain('"$ref":"#/components/schemas/');
    const expected = [
      'POST /auth/challenge',
      'POST /auth/verify',
      'POST /auth/refresh',
      'GET /api/me/',
      'GET /api/me/settings/',
      'PATCH /api/me/settings/',
      'GET /api/wallets/',
      'POST /api/wallets/',
      'PATCH /api/wallets/{walletId}',
      'DELETE /api/wallets/{walletId}',
      'POST /api/wallets/{walletId}/sync',
      'GET /api/wallets/{walletId}/sync',
      'GET /api/wallets/{walletId}/reconciliation',
      'GET /api/portfolio/',
      'GET /api/portfolio/history',
      'GET /api/transactions/',
      'GET /api/transactions/export.csv',
      'GET /api/transactions/{transactionId}',
      'GET /api/analytics/',
      'GET /api/staking/',
      'GET /api/staking/rewards.csv',
      'GET /api/gains/',
      'GET /api/gains/export',
      'GET /healthz',
      'GET /readyz',
      'GET /metrics',
      'GET /ws',
    ];
    expect([...documented].sort()).toEqual(expected.sort());
    const docs = await fetch(`${h.url}/docs`);
    expect(docs.status).toBe(200);
  });
});

interface History {
  tokens: Array<{ unit: string }>;
  buckets: string[];
  series: Array<{ unit: string; at: number[]; amounts: string[] }>;
}

/** A token's holding at each bucket, as the dashboard expands the change points: [day, amount]. */
function valuesOf(history: History, unit: string): Array<[string, string | null]> {
  const s = history.series.find((x) => x.unit === unit);
  let j = 0;
  let value: string | null = null;
  return history.buckets.map((b, i) => {
    while (s && j < s.at.length && s.at[j]! <= i) value = s.amounts[j++]!;
    return [b.slice(0, 10), value];
  });
}

interface OpenApiDoc {
  openapi: string;
  info: { title: string };
  components: { securitySchemes: Record<string, unknown> };
  paths: Record<
    string,
    Record<
      string,
      {
        operationId?: string;
        security?: Array<Record<string, unknown>>;
        parameters?: Array<{ in: string; required?: boolean; schema?: object }>;
        requestBody?: { content?: Record<string, { schema?: object }> };
        responses: Record<string, { content?: Record<string, { schema?: object }> }>;
      }
    >
  >;
}
