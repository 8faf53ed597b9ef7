// The bench database's server-side figures: active time and size (pg_stat_database), and the CPU of
// its own PostgreSQL backends (pg_stat_activity's pids, read from /proc) rather than of every
// postgres process on a machine other databases share.
import { withAdminClient } from '../fresh-database.js';
import { procUsage } from './proc-usage.js';

export async function dbFigures(url: string): Promise<{ activeMs: number; bytes: number }> {
  return withAdminClient(url, async (admin, database) => {
    const r = await admin.query<{ active_time: number; size: string }>(
      'SELECT active_time, pg_database_size(datname)::text AS size FROM pg_stat_database WHERE datname = $1',
      [database],
    );
    return { activeMs: Number(r.rows[0]?.active_time ?? 0), bytes: Number(r.rows[0]?.size ?? 0) };
  });
}

/** CPU seconds so far of each backend connected to the bench database, by pid. */
export async function backendCpu(url: string): Promise<Map<number, number>> {
  return withAdminClient(url, async (admin, database) => {
    const r = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
      database,
    ]);
    return new Map(r.rows.map(({ pid }) => [pid, procUsage(pid, 'postgres').cpuSeconds]));
  });
}

/**
 * CPU the bench database's backends spent between two `backendCpu` readings: a backend that connected
 * in between counts from zero. One that disconnected before the second reading is missed; the
 * workers' and API's pools keep theirs for the whole part, so that is a small share.
 */
export function backendCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of after) sum += cpu - (before.get(pid) ?? 0);
  return sum;
}
