/** Why an address string was refused. */
export type InvalidAddressReason = 'bad_checksum' | 'wrong_network' | 'unsupported' | 'garbage';

/**
 * A wallet or chain address that cannot be used. The API maps it to 400 (garbage, bad checksum) or
 * 422 (a real address of the wrong network or of a kind that cannot be a wallet).
 */
export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';

  constructor(
    readonly reason: InvalidAddressReason,
    readonly input: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
