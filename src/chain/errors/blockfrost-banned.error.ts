import { BlockfrostError, type BlockfrostErrorDetails } from './blockfrost.error.js';

/**
 * 418: Blockfrost banned this client for flooding. Every process is paused until `resumeAt`; this
 * error is thrown when that pause is longer than a caller is willing to wait, so a job can be delayed.
 */
export class BlockfrostBannedError extends BlockfrostError {
  override name = 'BlockfrostBannedError';
  constructor(
    readonly resumeAt: Date,
    details: BlockfrostErrorDetails = {},
  ) {
    super('banned', `Blockfrost banned this client; requests are paused until ${resumeAt.toISOString()}`, {
      status: 418,
      ...details,
    });
  }
}
