import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startApi, waitFor, type ApiHarness, type SignedIn } from './support/api-harness.js';

describe('WebSocket heartbeats', () => {
  let h: ApiHarness;
  let user: SignedIn;
  beforeAll(async () => {
    h = await startApi({ heartbeatMs: 100 });
    user = await signIn(h);
  });
  afterAll(() => h.close());

  const connect = (autoPong: boolean) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${h.url.replace(/^http/, 'ws')}/ws?token=${user.accessToken}`, { autoPong });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });

  it('pings live clients, keeps those that answer and drops those that do not', async () => {
    const live = await connect(true);
    const dead = await connect(false);
    let pings = 0;
    live.on('ping', () => pings++);
    let deadClosed = false;
    dead.on('close', () => (deadClosed = true));
    await waitFor(() => deadClosed && pings >= 3, 5000);
    expect(live.readyState).toBe(WebSocket.OPEN);
    // An application-level ping (browsers cannot send protocol pings) is answered too.
    const pong = new Promise<string>((resolve) =>
      live.on('message', (d) => String(d).includes('pong') && resolve(String(d))),
    );
    live.send('ping');
    expect(JSON.parse(await pong)).toEqual({ type: 'pong' });
    live.close();
  });
});
