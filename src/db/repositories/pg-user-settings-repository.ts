import type { SqlPool } from '../prisma-client.js';
import type { UserSettings, UserSettingsRepository } from './user-settings-repository.js';
import { isUuid } from './uuid.js';

interface Row {
  preferred_currency: string | null;
  time_zone: string | null;
  cost_basis_method: string | null;
  tax_year_start: string | null;
  reward_policy: string | null;
  fee_policy: string | null;
}

const COLUMNS = 'preferred_currency, time_zone, cost_basis_method, tax_year_start, reward_policy, fee_policy';

/** Setting → column, in the order of the update statement's parameters. */
const FIELDS = [
  ['preferredCurrency', 'preferred_currency'],
  ['timeZone', 'time_zone'],
  ['costBasisMethod', 'cost_basis_method'],
  ['taxYearStart', 'tax_year_start'],
  ['rewardPolicy', 'reward_policy'],
  ['feePolicy', 'fee_policy'],
] as const satisfies ReadonlyArray<readonly [keyof UserSettings, keyof Row]>;

const toSettings = (r: Row): UserSettings => ({
  preferredCurrency: r.preferred_currency,
  timeZone: r.time_zone,
  costBasisMethod: r.cost_basis_method,
  taxYearStart: r.tax_year_start,
  rewardPolicy: r.reward_policy,
  feePolicy: r.fee_policy,
});

// Each column: `CASE WHEN <given> THEN <value> ELSE <column> END`, so one named statement serves any patch.
const SET = FIELDS.map(
  ([, column], i) => `${column} = CASE WHEN $${2 * i + 2} THEN $${2 * i + 3} ELSE ${column} END`,
).join(',\n          ');

/** Settings over plain SQL (the API reads them on uncached portfolio requests). */
export class PgUserSettingsRepository implements UserSettingsRepository {
  constructor(private readonly sql: SqlPool) {}

  async get(userId: string): Promise<UserSettings | null> {
    if (!isUuid(userId)) return null;
    const { rows } = await this.sql.query<Row>({
      name: 'user_settings_get',
      text: `SELECT ${COLUMNS} FROM users WHERE id = $1::uuid`,
      values: [userId],
    });
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async update(userId: string, patch: Partial<UserSettings>): Promise<UserSettings | null> {
    if (!isUuid(userId)) return null;
    const values: unknown[] = [userId];
    for (const [field] of FIELDS) values.push(patch[field] !== undefined, patch[field] ?? null);
    const { rows } = await this.sql.query<Row>({
      name: 'user_settings_update',
      text: `UPDATE users SET
          ${SET},
          updated_at = now()
        WHERE id = $1::uuid RETURNING ${COLUMNS}`,
      values,
    });
    return rows[0] ? toSettings(rows[0]) : null;
  }
}
