const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs; a malformed one can match nothing, so answer "not found" without a query error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
