import type pg from 'pg';
import type { Logger } from 'pino';

/**
 * A queue pool's idle-client errors (a connection PostgreSQL ended: restart, network cut, database
 * dropped) logged as warnings: unheard, the pool's 'error' event would crash the process.
 */
export function logPoolErrors(pool: pg.Pool, logger: Logger): pg.Pool {
  pool.on('error', (error) => logger.warn({ err: error }, 'queue pool connection error'));
  return pool;
}
