/** What a user chose for the dashboard; null fields mean the deployment's defaults. */
export interface UserSettings {
  preferredCurrency: string | null;
  timeZone: string | null;
}

/** Per-user display settings (columns of `users`). Every method takes the user id first. */
export interface UserSettingsRepository {
  /** Null when the user does not exist. */
  get(userId: string): Promise<UserSettings | null>;
  /** Sets the given fields (null clears one); returns the settings after the change. */
  update(userId: string, patch: Partial<UserSettings>): Promise<UserSettings | null>;
}
