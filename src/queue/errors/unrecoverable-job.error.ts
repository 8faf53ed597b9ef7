/** Thrown by a handler when retrying cannot help: the job fails at once, its error kept. */
export class UnrecoverableJobError extends Error {
  override readonly name = 'UnrecoverableJobError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
