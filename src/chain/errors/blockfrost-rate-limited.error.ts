import { BlockfrostError, type BlockfrostErrorDetails } from './blockfrost.error.js';

/** 429 (per-second limit) answered more times in a row than the client retries. */
export class BlockfrostRateLimitedError extends BlockfrostError {
  override name = 'BlockfrostRateLimitedError';
  constructor(message: string, details: BlockfrostErrorDetails = {}) {
    super('rate_limited', message, { status: 429, ...details });
  }
}
