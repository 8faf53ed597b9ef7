import type { SqlPool } from '../prisma-client.js';
import type { UserSettings, UserSettingsRepository } from './user-settings-repository.js';
import { isUuid } from './uuid.js';

interface Row {
  preferred_currency: string | null;
  time_zone: string | null;
}

const toSettings = (r: Row): UserSettings => ({
  preferredCurrency: r.preferred_currency,
  timeZone: r.time_zone,
});

/** Settings over plain SQL (the API reads them on uncached portfolio requests). */
export class PgUserSettingsRepository implements UserSettingsRepository {
  constructor(private readonly sql: SqlPool) {}

  async get(userId: string): Promise<UserSettings | null> {
    if (!isUuid(userId)) return null;
    const { rows } = await this.sql.query<Row>({
      name: 'user_settings_get',
      text: 'SELECT preferred_currency, time_zone FROM users WHERE id = $1::uuid',
      values: [userId],
    });
    return rows[0] ? toSettings(rows[0]) : null;
  }

  async update(userId: string, patch: Partial<UserSettings>): Promise<UserSettings | null> {
    if (!isUuid(userId)) return null;
    const { rows } = await this.sql.query<Row>({
      name: 'user_settings_update',
      text: `UPDATE users SET
          preferred_currency = CASE WHEN $2 THEN $3 ELSE preferred_currency END,
          time_zone = CASE WHEN $4 THEN $5 ELSE time_zone END,
          updated_at = now()
        WHERE id = $1::uuid RETURNING preferred_currency, time_zone`,
      values: [
        userId,
        patch.preferredCurrency !== undefined,
        patch.preferredCurrency ?? null,
        patch.timeZone !== undefined,
        patch.timeZone ?? null,
      ],
    });
    return rows[0] ? toSettings(rows[0]) : null;
  }
}
