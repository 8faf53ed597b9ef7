import { BlockfrostError, type BlockfrostErrorDetails } from './blockfrost.error.js';

/** 400, 403 and other 4xx: the request or the project id is wrong; retrying will not help. */
export class BlockfrostRejectedError extends BlockfrostError {
  override name = 'BlockfrostRejectedError';
  constructor(message: string, details: BlockfrostErrorDetails = {}) {
    super('rejected', message, details);
  }
}
