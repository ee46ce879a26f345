/**
 * The error catalogue: every error body this service sends, in the shapes
 * InvenTree (DRF + InvenTree's exception handler) sends them, and the one
 * Fastify error handler that maps thrown errors onto them. Handlers throw
 * `ApiError`; nothing else ever reaches a client as-is.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** An error with a complete HTTP answer: status, JSON body, extra headers. */
export class ApiError extends Error {
  override name = 'ApiError';
  /** The body's exact bytes when they are not DRF's compact JSON (Django's JsonResponse, say). */
  text?: string;
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.detail === 'string' ? body.detail : JSON.stringify(body));
  }
}

/** DRF's 400 for a field: `{"<field>": ["<message>"]}`. */
export function validationError(field: string, message: string): ApiError {
  return new ApiError(400, { [field]: [message] });
}

/** DRF's `{"detail": text}` error. */
export const detailError = (statusCode: number, text: string, headers?: Record<string, string>) =>
  new ApiError(statusCode, { detail: text }, headers);

/** 401s carry the first authenticator's header, as DRF does (token). */
export const notAuthenticated = (text = 'Authentication credentials were not provided.') =>
  detailError(401, text, { 'www-authenticate': 'Token' });

export const permissionDenied = (text = 'You do not have permission to perform this action.') => detailError(403, text);

export const methodNotAllowed = (method: string) => detailError(405, `Method "${method}" not allowed.`);

export const unsupportedMediaType = (contentType: string) =>
  detailError(415, `Unsupported media type "${contentType}" in request.`);

export const databaseUnavailable = () => detailError(503, 'The database is unavailable. Please try again later.');

/** Codes of node-postgres / PostgreSQL errors that mean "cannot reach or use the server right now". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '57014', // query_canceled (statement_timeout)
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('08'))) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|connect ECONNREFUSED/i.test(
    message,
  );
}

/** The body InvenTree's exception handler gives an unexpected error, minus internals. */
export function serverErrorBody(path: string): Record<string, unknown> {
  return {
    error: 'InternalServerError',
    error_class: "<class 'InternalServerError'>",
    detail: 'Error details can be found in the server log',
    path,
    status_code: 500,
  };
}

function fromFastifyError(err: FastifyError, request: FastifyRequest): ApiError | undefined {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType(String(request.headers['content-type'] ?? ''));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return detailError(413, 'Request body is too large.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return detailError(400, 'Request body length does not match its Content-Length header.');
    case 'FST_ERR_CTP_INVALID_TYPE':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return detailError(400, `JSON parse error - ${err.message}`);
  }
  // fastify-openapi-glue's SecurityError: every scheme failed; they all carry
  // the same decision, made once per request by the authenticator.
  const errors = (err as unknown as { errors?: unknown[] }).errors;
  if (Array.isArray(errors)) {
    const first = errors.find((e): e is ApiError => e instanceof ApiError);
    if (first) return first;
    // Authentication could not be decided (the database failed): not a 401.
    if (errors.some(isDatabaseUnavailable)) return databaseUnavailable();
    if (errors.length > 0) return undefined; // an unexpected failure: the 500 path below
    return notAuthenticated();
  }
  if (err.statusCode === 404) return undefined;
  return undefined;
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.code(error.statusCode).type('application/json').send(error.text ?? JSON.stringify(error.body));
}

/** Fastify's error handler: known errors → their answer; the rest → a logged 500 / 503. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ApiError) return sendError(reply, err);
  const inner = (err as unknown as { errors?: unknown[] }).errors;
  if (Array.isArray(inner) && inner.length && !inner.some((e) => e instanceof ApiError) && !inner.some(isDatabaseUnavailable)) {
    // The authenticator itself failed: log the real cause, answer 500.
    request.log.error({ err: inner[0] }, 'authentication failed unexpectedly');
    return sendServerError(request, reply);
  }
  const mapped = fromFastifyError(err, request);
  if (mapped) {
    if (mapped.statusCode >= 500) request.log.error({ err }, 'request failed');
    return sendError(reply, mapped);
  }
  if (isDatabaseUnavailable(err)) {
    request.log.warn({ code: (err as { code?: string }).code, msg: err.message }, 'database unavailable');
    return sendError(reply, databaseUnavailable());
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return sendError(reply, detailError(err.statusCode, err.message));
  }
  request.log.error({ err }, 'unexpected error');
  return sendServerError(request, reply);
}

function sendServerError(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? '/';
  return reply.code(500).type('application/json').send(JSON.stringify(serverErrorBody(path)));
}
