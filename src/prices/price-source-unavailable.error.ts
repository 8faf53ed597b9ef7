/** A price source could not answer (down, rate limited beyond the wait allowed, malformed body). */
export class PriceSourceUnavailableError extends Error {
  override readonly name = 'PriceSourceUnavailableError';
  constructor(
    readonly source: string,
    message: string,
    /** When the source asked us to come back (a 429's Retry-After), if it said. */
    readonly retryAt?: Date,
  ) {
    super(`${source}: ${message}`);
  }
}
