import { createHash } from 'node:crypto';
import pg from 'pg';
import { JSONB_PARAMS, type QueueFunction, type QueueRpc, type QueueRpcArgs } from './queue-rpc.js';

/**
 * Calls the queue SQL functions directly over a `pg` pool, as named-argument calls
 * (`SELECT public.queue_claim(p_worker => $1, …)`), prepared once per connection.
 */
export class PgQueueRpc implements QueueRpc {
  constructor(private readonly pool: pg.Pool) {}

  async call<T>(fn: QueueFunction, args: QueueRpcArgs): Promise<T> {
    const names = Object.keys(args).filter((k) => args[k] !== undefined);
    const values = names.map((k) => {
      const v = args[k];
      return JSONB_PARAMS.has(k) && v !== null ? JSON.stringify(v) : v;
    });
    const text = `SELECT public.${fn}(${names.map((k, i) => `${k} => $${i + 1}`).join(', ')}) AS r`;
    // Prepared once per connection under a short name (PostgreSQL truncates names at 63 bytes).
    const name = `${fn}_${createHash('sha1').update(text).digest('hex').slice(0, 10)}`;
    const result = await this.pool.query({ name, text, values });
    return result.rows[0].r as T;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
