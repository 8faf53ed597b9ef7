/** What a user chose; null fields mean the deployment's defaults. */
export interface UserSettings {
  preferredCurrency: string | null;
  timeZone: string | null;
  /** Cost basis (validated by the API against the engine's accepted values; CHECKed in the table). */
  costBasisMethod: string | null;
  /** `M-D`, e.g. `4-6` for the UK tax year. */
  taxYearStart: string | null;
  rewardPolicy: string | null;
  feePolicy: string | null;
}

/** Per-user settings (columns of `users`). Every method takes the user id first. */
export interface UserSettingsRepository {
  /** Null when the user does not exist. */
  get(userId: string): Promise<UserSettings | null>;
  /** Sets the given fields (null clears one); returns the settings after the change. */
  update(userId: string, patch: Partial<UserSettings>): Promise<UserSettings | null>;
}
