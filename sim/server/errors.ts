import { STATUS_CODES } from 'node:http';

/** Blockfrost's error body: `{status_code, error, message}` with the texts the real service sends. */
export interface ErrorBody {
  status_code: number;
  error: string;
  message: string;
}

const KNOWN: Record<number, { error: string; message: string }> = {
  400: { error: 'Bad Request', message: 'Backend did not understand your request.' },
  402: { error: 'Project Over Limit', message: 'Usage is over limit.' },
  403: { error: 'Forbidden', message: 'Missing project token. Please include project_id in your request.' },
  404: { error: 'Not Found', message: 'The requested component has not been found.' },
  418: { error: 'Requested Banned', message: 'IP has been auto-banned for flooding.' },
  425: { error: 'Mempool Full', message: 'Mempool is full, please try resubmitting again later.' },
  429: { error: 'Project Over Limit', message: 'Usage is over limit.' },
  500: { error: 'Internal Server Error', message: 'An unexpected response was received from the backend.' },
};

export function errorBody(status: number, message?: string): ErrorBody {
  const known = KNOWN[status];
  return {
    status_code: status,
    error: known?.error ?? STATUS_CODES[status] ?? 'Error',
    message: message ?? known?.message ?? STATUS_CODES[status] ?? 'Error',
  };
}

/** Thrown by handlers; the server turns it into the error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? errorBody(status).message);
  }
}
