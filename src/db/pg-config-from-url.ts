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
