import type { ReactNode } from 'react';
import { ApiError } from '../api/api-error.js';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="status status-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="status status-empty">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

/** Explains an error in words; a 404 on a route the API does not have yet says so plainly. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isMissingRoute) {
      return `This API does not offer this yet (${error.message}).`;
    }
    if (error.status === 0 || error.status >= 500) return `The server had a problem: ${error.message}`;
    return error.message;
  }
  if (error instanceof TypeError) return 'Cannot reach the Adafolio API. Is it running?';
  return error instanceof Error ? error.message : String(error);
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="status status-error" role="alert">
      <span>{describeError(error)}</span>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
