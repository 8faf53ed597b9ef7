/** The SQL functions of the queue migration (prisma/migrations/*_queue_functions). */
export type QueueFunction =
  | 'queue_enqueue'
  | 'queue_claim'
  | 'queue_heartbeat'
  | 'queue_complete'
  | 'queue_fail'
  | 'queue_release'
  | 'queue_progress'
  | 'queue_cancel'
  | 'queue_get'
  | 'queue_list_by_wallet'
  | 'queue_stats'
  | 'queue_cleanup'
  | 'queue_schedule_recurring'
  | 'queue_remove_recurring';

/** Arguments by SQL parameter name (`p_…`); values are plain JSON-compatible values or arrays. */
export type QueueRpcArgs = Record<string, unknown>;

/**
 * Calls one queue SQL function with named arguments and returns its (jsonb, boolean or int) result.
 * Implementations: direct over `pg` (Prisma backend, and the contract-suite variant of the Supabase
 * backend) and supabase-js `rpc()` (the Supabase backend in production).
 */
export interface QueueRpc {
  call<T>(fn: QueueFunction, args: QueueRpcArgs): Promise<T>;
  close(): Promise<void>;
}

/** Parameters whose SQL type is jsonb: a `pg` transport must send them as JSON text. */
export const JSONB_PARAMS: ReadonlySet<string> = new Set(['p_data', 'p_metadata', 'p_progress']);
