/** The queue's backing service (PostgreSQL, Redis, Supabase) cannot be used; the message is one line. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
