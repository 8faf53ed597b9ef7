import { JSONB_PARAMS, type QueueFunction, type QueueRpc, type QueueRpcArgs } from '../sql/queue-rpc.js';

/** The part of PrismaClient this transport needs (raw queries only). */
export interface PrismaRawClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/**
 * Calls the queue SQL functions through the application's Prisma client (`$queryRawUnsafe` with bound
 * parameters), so producers share its connection pool. Used for the producer side of the Prisma
 * backend; the consumers' hot path stays on a dedicated `pg` pool.
 */
export class PrismaQueueRpc implements QueueRpc {
  constructor(private readonly prisma: PrismaRawClient) {}

  async call<T>(fn: QueueFunction, args: QueueRpcArgs): Promise<T> {
    const names = Object.keys(args).filter((k) => args[k] !== undefined);
    const values = names.map((k) => {
      const v = args[k];
      return JSONB_PARAMS.has(k) && v !== null ? JSON.stringify(v) : v;
    });
    const text = `SELECT public.${fn}(${names.map((k, i) => `${k} => $${i + 1}`).join(', ')}) AS r`;
    const rows = await this.prisma.$queryRawUnsafe<Array<{ r: unknown }>>(text, ...values);
    const r = rows[0]?.r;
    // No queue function returns text: a string is jsonb an adapter version left unparsed.
    return (typeof r === 'string' ? JSON.parse(r) : r) as T;
  }

  async close(): Promise<void> {
    // The Prisma client belongs to the application.
  }
}
