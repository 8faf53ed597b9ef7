import { BlockfrostError, type BlockfrostErrorDetails } from './blockfrost.error.js';

/** A 2xx answer whose body is not JSON or not of the documented shape. */
export class BlockfrostMalformedResponseError extends BlockfrostError {
  override name = 'BlockfrostMalformedResponseError';
  /** The first characters of the body, for logs. */
  readonly bodySample: string | undefined;

  constructor(message: string, details: BlockfrostErrorDetails & { bodySample?: string } = {}) {
    super('malformed', message, details);
    this.bodySample = details.bodySample;
  }
}
