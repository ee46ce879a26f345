/** InvenTree's catch-all for unknown API paths (no redirect for a missing slash). */
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { requestOrigin } from './request-url.js';

export function notFound(request: FastifyRequest, trustProxy: boolean): ApiError {
  return new ApiError(404, { detail: 'API endpoint not found', url: `${requestOrigin(request, trustProxy)}${request.url}` });
}
