import { BlockfrostError, type BlockfrostErrorDetails } from './blockfrost.error.js';

/** 5xx, timeouts and connection failures that outlasted the bounded retries. */
export class BlockfrostUnavailableError extends BlockfrostError {
  override name = 'BlockfrostUnavailableError';
  constructor(message: string, details: BlockfrostErrorDetails = {}) {
    super('unavailable', message, details);
  }
}
