/**
 * Two headers on every answer, added last (onSend) so errors and 404s get
 * them too:
 *   X-Content-Type-Options: nosniff — a browser never reinterprets a JSON body
 *     (which can echo task arguments) as HTML or script;
 *   Cache-Control: no-store — under /api/, task data and error bodies stay out
 *     of shared and browser caches, unless a route chose its own caching.
 * Content-Type itself is left alone.
 */
import type { FastifyInstance } from 'fastify';

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
