import type pg from 'pg';

/** Connection settings for `pg`, split out of a postgres:// URL so a caller can override the database. */
export interface PgConnectionConfig {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database: string;
}

export function pgConfigFromUrl(url: string): PgConnectionConfig {
  const u = new URL(url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`not a postgres:// URL: ${u.protocol}`);
  }
  return {
    host: decodeURIComponent(u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
}

/**
 * A pool's settings with the session options every Adafolio pool uses: JIT off (short statements
 * whose row estimates, e.g. of recursive CTEs, could otherwise trigger tens of milliseconds to ~1 s of
 * JIT compilation), and `synchronous_commit = off` when asked for (see DatabaseOptions).
 */
export function pgPoolConfig(
  url: PgConnectionConfig,
  options: { max: number; synchronousCommit?: boolean | undefined },
): pg.PoolConfig {
  const settings = [
    '-c jit=off',
    ...(options.synchronousCommit === false ? ['-c synchronous_commit=off'] : []),
  ];
  return { ...url, max: options.max, options: settings.join(' ') };
}
