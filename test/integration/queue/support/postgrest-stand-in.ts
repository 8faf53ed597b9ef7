// A STAND-IN for Supabase's PostgREST, only for tests: PostgREST cannot run on these machines, so
// this tiny HTTP server answers supabase-js `rpc()` calls (POST /rest/v1/rpc/<function>, named
// arguments as a JSON body, service key in `apikey`) by calling the same SQL function over pg and
// returning its result as JSON, as PostgREST does for a function returning a scalar. It lets the
// contract suite exercise the real supabase-js client and SupabaseQueueRpc end to end; it is not
// PostgREST (no roles, no schema cache, no JWT checks beyond the key).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pgConfigFromUrl } from '../../../../src/db/pg-config-from-url.js';
import { PgQueueRpc } from '../../../../src/queue/sql/pg-queue-rpc.js';
import type { QueueFunction } from '../../../../src/queue/sql/queue-rpc.js';

export interface PostgrestStandIn {
  url: string;
  key: string;
  requests: number;
  close(): Promise<void>;
}

export async function startPostgrestStandIn(databaseUrl: string): Promise<PostgrestStandIn> {
  const pool = new pg.Pool({ ...pgConfigFromUrl(databaseUrl), max: 8 });
  // An idle client whose connection PostgreSQL ends (the test's database dropped WITH (FORCE), a
  // restart) emits 'error' on the pool; unheard, that would crash the test process.
  pool.on('error', () => undefined);
  const rpc = new PgQueueRpc(pool);
  const key = 'stand-in-service-role-key';
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    const match = /^\/rest\/v1\/rpc\/(queue_[a-z_]+)$/.exec(req.url ?? '');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !match) return reply(404, { message: `no route ${req.method} ${req.url}` });
    if (req.headers.apikey !== key) return reply(401, { message: 'Invalid API key' });
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      state.requests++;
      let args: Record<string, unknown>;
      try {
        args = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return reply(400, { message: 'request body is not JSON' });
      }
      rpc.call(match[1] as QueueFunction, args).then(
        (result) => reply(200, result),
        (error: Error & { code?: string }) => reply(400, { code: error.code, message: error.message }),
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    get requests() {
      return state.requests;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await rpc.close();
    },
  };
}
