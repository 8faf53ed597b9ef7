/** A failed API call: HTTP status, the API's error code and its human-readable message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** The route does not exist on this API build (as opposed to a missing record). */
  get isMissingRoute(): boolean {
    return this.status === 404 && /^no route /.test(this.message);
  }
}

/** Reads the API's error body, whichever of the usual shapes it has. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy error page, an empty body): the status text will have to do.
  }
  const b = (body ?? {}) as Record<string, unknown>;
  const nested = (typeof b.error === 'object' && b.error !== null ? b.error : {}) as Record<string, unknown>;
  const code =
    str(nested.code) ?? str(b.code) ?? str(b.reason) ?? (typeof b.error === 'string' ? b.error : undefined);
  const message = str(nested.message) ?? str(b.message) ?? (response.statusText || `HTTP ${response.status}`);
  return new ApiError(
    response.status,
    code ?? `http_${response.status}`,
    message,
    nested.details ?? b.details,
  );
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
