import type { SupabaseClient } from '@supabase/supabase-js';
import type { QueueFunction, QueueRpc, QueueRpcArgs } from '../sql/queue-rpc.js';

/**
 * Calls the queue SQL functions through supabase-js `rpc()` (PostgREST over HTTP, with the service
 * role key). Needs a Supabase/PostgREST endpoint, which cannot run on the development machines; the
 * same functions are tested directly on PostgreSQL with PgQueueRpc.
 */
export class SupabaseQueueRpc implements QueueRpc {
  constructor(private readonly client: SupabaseClient) {}

  async call<T>(fn: QueueFunction, args: QueueRpcArgs): Promise<T> {
    const { data, error } = await this.client.rpc(fn, args);
    if (error) throw new Error(`${fn}: ${error.message}`);
    return data as T;
  }

  async close(): Promise<void> {
    // supabase-js holds no connection of its own (fetch per request).
  }
}
