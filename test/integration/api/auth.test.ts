import { Redis } from 'ioredis';
import { SignJWT, base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWallet } from './support/cip30-wallet.js';
import { call, signIn, startApi, TEST_JWT_SECRET, type ApiHarness } from './support/api-harness.js';
import { createTestDatabase, testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';

const SUPABASE_SECRET = 'supabase-jwt-secret-for-tests-0123456789abcdef';

describe('sign in with a wallet (CIP-30 signData) and JWTs', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({
      supabaseJwtSecret: SUPABASE_SECRET,
      authRateLimit: { max: 1000, timeWindowMs: 60_000 },
    });
  });
  afterAll(() => h.close());

  async function challenge(address: string) {
    const res = await call<{ nonce: string; message: string; expiresAt: string }>(
      h,
      'POST',
      '/auth/challenge',
      {
        body: { address },
      },
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  it('signs in with a base address, creates the user once, and the token works', async () => {
    const wallet = new TestWallet();
    const first = await signIn(h, wallet);
    const me = await call<{ id: string; primaryAddress: string }>(h, 'GET', '/api/me', {
      token: first.accessToken,
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: first.userId, primaryAddress: wallet.baseAddress });
    const again = await signIn(h, wallet);
    expect(again.userId).toBe(first.userId);
    expect(await h.db.prisma.user.count({ where: { primaryAddress: wallet.baseAddress } })).toBe(1);
  });

  it('stores a single-use nonce that expires in 5 minutes', async () => {
    const wallet = new TestWallet();
    const c = await challenge(wallet.baseAddress);
    const row = await h.db.prisma.authChallenge.findUniqueOrThrow({ where: { nonce: c.nonce } });
    expect(row.usedAt).toBeNull();
    expect(row.expiresAt.getTime() - h.clock.now.getTime()).toBe(300_000);
    expect(c.message).toContain(c.nonce);
    expect(c.message).toContain(wallet.baseAddress);
  });

  it('signs in with a stake address (stake key) and an enterprise address', async () => {
    const wallet = new TestWallet();
    const viaStake = await signIn(h, wallet, wallet.stakeAddress);
    const viaEnterprise = await signIn(h, wallet, wallet.enterpriseAddress);
    expect(viaStake.userId).not.toBe(viaEnterprise.userId);
    expect((await call(h, 'GET', '/api/me', { token: viaStake.accessToken })).status).toBe(200);
  });

  it('rejects a replayed signature: the challenge is marked used', async () => {
    const wallet = new TestWallet();
    const c = await challenge(wallet.baseAddress);
    const body = {
      address: wallet.baseAddress,
      nonce: c.nonce,
      ...wallet.signData(wallet.baseAddress, c.message),
    };
    expect((await call(h, 'POST', '/auth/verify', { body })).status).toBe(200);
    const replay = await call(h, 'POST', '/auth/verify', { body });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: 'challenge_used' });
    const row = await h.db.prisma.authChallenge.findUniqueOrThrow({ where: { nonce: c.nonce } });
    expect(row.usedAt).not.toBeNull();
  });

  it('rejects an expired challenge', async () => {
    const wallet = new TestWallet();
    const c = await challenge(wallet.baseAddress);
    h.clock.advance(5 * 60_000 + 1000);
    try {
      const res = await call(h, 'POST', '/auth/verify', {
        body: {
          address: wallet.baseAddress,
          nonce: c.nonce,
          ...wallet.signData(wallet.baseAddress, c.message),
        },
      });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        error: 'challenge_expired',
        message: expect.stringContaining('expired'),
      });
    } finally {
      h.clock.advance(-(5 * 60_000 + 1000));
    }
  });

  it('rejects a signature made with a key that does not belong to the address', async () => {
    const victim = new TestWallet();
    const attacker = new TestWallet();
    const c = await challenge(victim.baseAddress);
    const forged = victim.signData(victim.baseAddress, c.message, { key: attacker.paymentKey });
    const res = await call(h, 'POST', '/auth/verify', {
      body: { address: victim.baseAddress, nonce: c.nonce, ...forged },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'key_does_not_match_address' });
    // A stake address signed with the payment key is refused the same way.
    const c2 = await challenge(victim.stakeAddress);
    const wrongKey = victim.signData(victim.stakeAddress, c2.message, { key: victim.paymentKey });
    const res2 = await call(h, 'POST', '/auth/verify', {
      body: { address: victim.stakeAddress, nonce: c2.nonce, ...wrongKey },
    });
    expect(res2.body).toMatchObject({ error: 'key_does_not_match_address' });
  });

  it('rejects a signature over another message, a tampered signature and an unknown nonce', async () => {
    const wallet = new TestWallet();
    const c = await challenge(wallet.baseAddress);
    const other = wallet.signData(wallet.baseAddress, c.message + ' and something else');
    const res = await call(h, 'POST', '/auth/verify', {
      body: { address: wallet.baseAddress, nonce: c.nonce, ...other },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_signature' });

    const good = wallet.signData(wallet.baseAddress, c.message);
    const flipped =
      good.signature.slice(0, -4) + (good.signature.endsWith('00') ? '11' : '00') + good.signature.slice(-2);
    const tampered = await call(h, 'POST', '/auth/verify', {
      body: { address: wallet.baseAddress, nonce: c.nonce, signature: flipped, key: good.key },
    });
    expect(tampered.status).toBe(401);
    expect(tampered.body).toMatchObject({ error: 'invalid_signature' });

    const madeUp = 'not-a-nonce-we-issued';
    const unknown = await call(h, 'POST', '/auth/verify', {
      body: {
        address: wallet.baseAddress,
        nonce: madeUp,
        ...wallet.signData(wallet.baseAddress, c.message.replace(c.nonce, madeUp)),
      },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({ error: 'unknown_challenge' });
  });

  it('rejects a challenge issued for another address', async () => {
    const a = new TestWallet();
    const b = new TestWallet();
    const c = await challenge(a.baseAddress);
    // b signs the nonce that was issued to a, with b's own address and key.
    const msg = c.message.replace(a.baseAddress, b.baseAddress);
    const res = await call(h, 'POST', '/auth/verify', {
      body: { address: b.baseAddress, nonce: c.nonce, ...b.signData(b.baseAddress, msg) },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'challenge_address_mismatch' });
  });

  it('refuses forged, alg:none, expired, wrong-audience and refresh tokens on API routes', async () => {
    const user = await signIn(h);
    const now = Math.floor(h.clock.now.getTime() / 1000);
    const claims = { role: 'authenticated', typ: 'access' };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer('adafolio')
      .setAudience('adafolio-api')
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode('some-other-secret-that-is-long-enough-000'));
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(
      JSON.stringify({ sub: user.userId, iss: 'adafolio', aud: 'adafolio-api', exp: now + 600, ...claims }),
    );
    const algNone = `${header}.${payload}.`;
    const wrongAud = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.userId)
      .setIssuer('adafolio')
      .setAudience('someone-else')
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'missing_token'],
      ['garbage', 'invalid_token'],
      [forged, 'invalid_token'],
      [algNone, 'invalid_token'],
      [wrongAud, 'invalid_token'],
      [user.refreshToken, 'wrong_token_type'],
    ];
    for (const [token, reason] of cases) {
      const res = await call(h, 'GET', '/api/wallets', { token });
      expect(res.status, `token case ${reason}`).toBe(401);
      expect(res.body).toMatchObject({ error: reason, message: expect.any(String) });
    }
    h.clock.advance(16 * 60_000);
    try {
      const expired = await call(h, 'GET', '/api/wallets', { token: user.accessToken });
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ error: 'token_expired' });
      // The refresh token outlives the access token and yields a working pair.
      const refreshed = await call<{ accessToken: string }>(h, 'POST', '/auth/refresh', {
        body: { refreshToken: user.refreshToken },
      });
      expect(refreshed.status).toBe(200);
      expect((await call(h, 'GET', '/api/wallets', { token: refreshed.body.accessToken })).status).toBe(200);
    } finally {
      h.clock.advance(-16 * 60_000);
    }
    const accessAsRefresh = await call(h, 'POST', '/auth/refresh', {
      body: { refreshToken: user.accessToken },
    });
    expect(accessAsRefresh.status).toBe(401);
    expect(accessAsRefresh.body).toMatchObject({ error: 'wrong_token_type' });
  });

  it('accepts Supabase Auth tokens when SUPABASE_JWT_SECRET is set (and only with its audience)', async () => {
    const sub = crypto.randomUUID();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setIssuer('https://project.supabase.co/auth/v1')
      .setAudience('authenticated')
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(SUPABASE_SECRET));
    const me = await call<{ id: string }>(h, 'GET', '/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(sub);
    const wrongAud = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(sub)
      .setAudience('anon')
      .setExpirationTime(now + 600)
      .sign(new TextEncoder().encode(SUPABASE_SECRET));
    expect((await call(h, 'GET', '/api/me', { token: wrongAud })).status).toBe(401);
  });

  it('validates sign-in input with clear 400/422 answers', async () => {
    const bad = await call(h, 'POST', '/auth/challenge', { body: { address: 'hello' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'bad_request' });
    const testnet = await call(h, 'POST', '/auth/challenge', {
      body: { address: 'addr_test1vz2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzerspjrlsz' },
    });
    expect(testnet.status).toBe(422);
    expect(testnet.body).toMatchObject({ error: 'wrong_network' });
    const missing = await call(h, 'POST', '/auth/challenge', { body: {} });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('address');
    const notHex = await call(h, 'POST', '/auth/verify', {
      body: { address: new TestWallet().baseAddress, nonce: 'n', signature: 'zz', key: 'zz' },
    });
    expect(notHex.status).toBe(400);
    expect(JSON.stringify(notHex.body)).toContain('hex');
    const huge = await call(h, 'POST', '/auth/challenge', { body: { address: 'x'.repeat(100_000) } });
    expect(huge.status).toBe(413);
  });
});

describe('auth rate limit', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi({ authRateLimit: { max: 3, timeWindowMs: 60_000 } });
  });
  afterAll(() => h.close());

  it('answers 429 after the per-IP limit on auth routes, and leaves other routes alone', async () => {
    const address = new TestWallet().baseAddress;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call(h, 'POST', '/auth/challenge', { body: { address } })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await call(h, 'POST', '/auth/challenge', { body: { address } });
    expect(limited.body).toMatchObject({ error: 'rate_limited' });
    expect((await call(h, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('auth rate limit shared through Redis', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let one: ApiHarness;
  let two: ApiHarness;
  const clients: Redis[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    const prefix = testRedisPrefix('rl');
    const store = () => {
      const redis = new Redis(TEST_REDIS_URL);
      clients.push(redis);
      return { rateLimitStore: { redis, prefix } };
    };
    one = await startApi({ authRateLimit: { max: 3, timeWindowMs: 60_000 } }, db, store());
    two = await startApi({ authRateLimit: { max: 3, timeWindowMs: 60_000 } }, db, store());
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await Promise.all(clients.map((c) => c.quit()));
    await db.drop();
  });

  it('counts requests to every API process together', async () => {
    const address = new TestWallet().baseAddress;
    const statuses: number[] = [];
    for (const h of [one, two, one, two]) {
      statuses.push((await call(h, 'POST', '/auth/challenge', { body: { address } })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });
});
