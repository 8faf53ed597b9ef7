import type { SqlPool } from '../prisma-client.js';

/**
 * Token decimals from the stored metadata, as the token price sources need them to put base units
 * per whole token. A stored token without decimals has none (0); an absent one is not known yet
 * (the sync's metadata stage has not read it), so it is left out of the map.
 */
export function pgTokenDecimals(sql: SqlPool): (units: readonly string[]) => Promise<Map<string, number>> {
  return async (units) => {
    const { rows } = await sql.query<{ unit: string; decimals: number | null }>({
      name: 'token_decimals',
      text: 'SELECT unit, decimals FROM tokens WHERE unit = ANY($1::text[])',
      values: [units],
    });
    return new Map(rows.map((r) => [r.unit, r.decimals ?? 0]));
  };
}
