/** Why a Blockfrost call failed; the queue and API map these to retries, delays or HTTP statuses. */
export type BlockfrostErrorReason =
  | 'not_found'
  | 'rate_limited'
  | 'banned'
  | 'daily_cap'
  | 'unavailable'
  | 'malformed'
  /** 400/403 and other 4xx answers: the request itself is wrong (bad address, invalid project id). */
  | 'rejected';

export interface BlockfrostErrorDetails {
  /** HTTP status, when an answer arrived. */
  status?: number;
  /** Endpoint template, e.g. `/txs/{hash}/utxos`. */
  endpoint?: string;
  cause?: unknown;
}

/** Base of every failure of the Blockfrost adapter. `reason` says what kind; `cause` keeps the original. */
export class BlockfrostError extends Error {
  override name = 'BlockfrostError';
  readonly status: number | undefined;
  readonly endpoint: string | undefined;

  constructor(
    readonly reason: BlockfrostErrorReason,
    message: string,
    details: BlockfrostErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.endpoint = details.endpoint;
  }

  /** True when retrying the same job later can succeed (everything but a wrong request). */
  get retryable(): boolean {
    return this.reason !== 'rejected' && this.reason !== 'not_found';
  }
}
