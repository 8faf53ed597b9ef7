/** A mistake in the command line: its message (the usage) is printed alone, without a stack trace. */
export class UsageError extends Error {
  readonly expected = true;
}
