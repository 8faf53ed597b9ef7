import { BlockfrostError, type BlockfrostErrorDetails } from './blockfrost.error.js';

/** 404: the resource does not exist (for an address: never used on chain). Callers may treat it as empty. */
export class BlockfrostNotFoundError extends BlockfrostError {
  override name = 'BlockfrostNotFoundError';
  constructor(message: string, details: BlockfrostErrorDetails = {}) {
    super('not_found', message, { status: 404, ...details });
  }
}
