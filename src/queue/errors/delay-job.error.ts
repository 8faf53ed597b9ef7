/**
 * Thrown by a handler to put its job back until `resumeAt` WITHOUT consuming a retry (for example
 * when the day's Blockfrost request budget is spent).
 */
export class DelayJobError extends Error {
  override readonly name = 'DelayJobError';
  constructor(
    readonly resumeAt: Date,
    message = `job delayed until ${resumeAt.toISOString()}`,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
