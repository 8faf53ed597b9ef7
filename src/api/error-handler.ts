import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ApiError } from './errors.js';

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: string;
  message: string;
  statusCode: number;
  requestId: string;
  details?: unknown;
}

/**
 * One place maps errors to answers: typed ApiErrors keep their status and code, schema failures are
 * 400 with the failing fields, framework 4xx errors keep their status, and anything else is a 500 whose
 * details go to the log only.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const requestId = String(request.id);
    if (error instanceof ApiError) {
      const body: ErrorBody = {
        error: error.code,
        message: error.message,
        statusCode: error.statusCode,
        requestId,
      };
      if (error.details !== undefined) body.details = error.details;
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.statusCode).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const details = error.validation.map((v) => ({
        in: where,
        path: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where,
        message: v.message,
      }));
      return reply.status(400).send({
        error: 'bad_request',
        message: `invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
        statusCode: 400,
        requestId,
        details,
      } satisfies ErrorBody);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return reply.status(500).send(internal(requestId));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'payload_too_large'
          : status === 429
            ? 'rate_limited'
            : status === 415
              ? 'unsupported_media_type'
              : 'bad_request';
      return reply
        .status(status)
        .send({ error: code, message: error.message, statusCode: status, requestId } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(internal(requestId));
  });
}

/** JSON 404 for unknown routes. */
export function notFoundBody(method: string, url: string, requestId: string): ErrorBody {
  return {
    error: 'not_found',
    message: `no route ${method} ${url.split('?')[0]}`,
    statusCode: 404,
    requestId,
  };
}

function internal(requestId: string): ErrorBody {
  return { error: 'internal', message: 'Internal server error', statusCode: 500, requestId };
}
