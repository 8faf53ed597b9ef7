import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../sim/index.js';
import { RateLimiter, DEFAULT_LIMITS } from '../../sim/server/rate-limiter.js';

const OVER = { status_code: 429, error: 'Project Over Limit', message: 'Usage is over limit.' };
const DAILY = { status_code: 402, error: 'Project Over Limit', message: 'Usage is over limit.' };
const BANNED = {
  status_code: 418,
  error: 'Requested Banned',
  message: 'IP has been auto-banned for flooding.',
};

describe('Blockfrost limits over HTTP (on by default)', () => {
  let sim: SimulatorHandle;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 2, wallets: 3, txsPerWallet: 10 });
  });
  afterAll(() => sim.close());

  const get = async (projectId: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${sim.url}/blocks/latest`, { headers: { project_id: projectId } });
    return { status: res.status, body: await res.json() };
  };

  it('lets a burst of 500 through, then answers 429 until the bucket refills', async () => {
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push(
        ...(await Promise.all(Array.from({ length: 50 }, () => get('burst')))).map((r) => r.status),
      );
    expect(statuses.filter((s) => s === 200)).toHaveLength(500);
    const refilled = Math.ceil(((Date.now() - started) / 1000) * 10) + 2;
    let passed = 0;
    let rejected: { status: number; body: unknown } | null = null;
    for (let i = 0; i < refilled + 20 && !rejected; i++) {
      const r = await get('burst');
      if (r.status === 200) passed++;
      else rejected = r;
    }
    expect(rejected).toEqual({ status: 429, body: OVER });
    expect(passed).toBeLessThanOrEqual(refilled);
  });

  it('sustains 10 requests a second once the burst is spent', async () => {
    while ((await get('sustained')).status === 200); // spend the burst
    const started = Date.now();
    let ok = 0;
    // Four callers keep asking faster than 10/s, even on a loaded machine.
    const caller = async (): Promise<void> => {
      while (Date.now() - started < 3000) {
        if ((await get('sustained')).status === 200) ok++;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await Promise.all([caller(), caller(), caller(), caller()]);
    const allowed = ((Date.now() - started) / 1000) * 10;
    expect(ok).toBeGreaterThanOrEqual(Math.floor(allowed * 0.8));
    expect(ok).toBeLessThanOrEqual(Math.ceil(allowed) + 1);
  });

  it('answers 402 over the daily cap, with a bucket and a count per project id', async () => {
    await fetch(`${sim.controlUrl}/limits`, { method: 'POST', body: JSON.stringify({ daily: 20 }) });
    try {
      for (let i = 0; i < 20; i++) expect((await get('daily')).status).toBe(200);
      expect(await get('daily')).toEqual({ status: 402, body: DAILY });
      expect((await get('another-project')).status).toBe(200);
      // A test rolls the cap's day over as midnight would: the count starts again.
      const today = new Date().toISOString().slice(0, 10);
      const rolled = await fetch(`${sim.controlUrl}/limits/next-day`, { method: 'POST', body: '{}' });
      const { day } = (await rolled.json()) as { day: string };
      expect(day > today).toBe(true);
      for (let i = 0; i < 20; i++) expect((await get('daily')).status).toBe(200);
      expect((await get('daily')).status).toBe(402);
    } finally {
      await fetch(`${sim.controlUrl}/limits`, { method: 'POST', body: JSON.stringify({ daily: 50_000 }) });
    }
  });

  it('bans (418) a client that keeps calling after 429, for ban-seconds', async () => {
    await fetch(`${sim.controlUrl}/limits`, {
      method: 'POST',
      body: JSON.stringify({ burst: 5, rps: 1, banSeconds: 1 }),
    });
    try {
      const statuses: number[] = [];
      let banned: { status: number; body: unknown } | null = null;
      for (let i = 0; i < 200 && !banned; i++) {
        const r = await get('flood');
        statuses.push(r.status);
        if (r.status === 418) banned = r;
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses).toContain(429);
      expect(banned).toEqual({ status: 418, body: BANNED });
      expect((await get('flood')).status).toBe(418);
      await new Promise((r) => setTimeout(r, 1200));
      expect((await get('flood')).status).toBe(200);
    } finally {
      await fetch(`${sim.controlUrl}/limits`, { method: 'POST', body: JSON.stringify(DEFAULT_LIMITS) });
      await fetch(`${sim.controlUrl}/limits/reset`, { method: 'POST' });
    }
  });

  it('turns off for throughput runs', async () => {
    await fetch(`${sim.controlUrl}/limits`, { method: 'POST', body: JSON.stringify({ enabled: false }) });
    const r = await Promise.all(Array.from({ length: 700 }, () => get('nolimits')));
    expect(r.every((x) => x.status === 200)).toBe(true);
    await fetch(`${sim.controlUrl}/limits`, { method: 'POST', body: JSON.stringify({ enabled: true }) });
  });
});

describe('rate limiter with an injected clock', () => {
  it('refills at rps up to burst and resets the daily count at UTC midnight', () => {
    let now = Date.UTC(2026, 0, 1, 23, 59, 0);
    const limiter = new RateLimiter({ ...DEFAULT_LIMITS, burst: 3, rps: 2, daily: 5 }, () => now);
    expect([limiter.take('p'), limiter.take('p'), limiter.take('p'), limiter.take('p')]).toEqual([
      200, 200, 200, 429,
    ]);
    now += 500; // one token back
    expect([limiter.take('p'), limiter.take('p')]).toEqual([200, 429]);
    now += 10_000;
    expect([limiter.take('p'), limiter.take('p')]).toEqual([200, 402]); // 5 used today
    now += 60_000; // next UTC day
    expect(limiter.take('p')).toBe(200);
  });
});
