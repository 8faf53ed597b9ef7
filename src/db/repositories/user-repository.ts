export interface User {
  id: string;
  primaryAddress: string | null;
  displayName: string | null;
  createdAt: Date;
}

export interface UserRepository {
  /** The signed-in user's own record; null for an unknown id. */
  get(userId: string): Promise<User | null>;
  /**
   * Sign-in: the user whose primary address this is, created on first sign-in. Called only after the
   * wallet signature has been verified, so the address is proven to belong to the caller.
   */
  findOrCreateByAddress(address: string): Promise<{ user: User; created: boolean }>;
  /** Deletes the user and everything they own. */
  delete(userId: string): Promise<boolean>;
}
