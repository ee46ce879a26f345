// src/ops/ owns running the service: health, readiness, metrics, the API document and docs page, logging, the banner.
/**
 * Operational routes outside InvenTree's API document, registered as plain
 * Fastify routes by the app factory:
 *   /healthz, /readyz   liveness and readiness (health.ts)
 *   /metrics            Prometheus (metrics.ts)
 *   /api/schema/        the OpenAPI document; /api/docs/ Swagger UI (docs.ts)
 * plus the X-Request-Id echo on every response, and readiness turning to
 * "fail" as soon as the app starts closing.
 */
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../context.js';
import { registerDocs } from './docs.js';
import { registerHealth } from './health.js';
import { registerMetrics } from './metrics.js';

export async function registerOps(app: FastifyInstance, services: AppServices): Promise<void> {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // server.ts flips this on SIGTERM before closing; an app closed any other
  // way (tests, embedding) reports not-ready from the same moment.
  app.addHook('preClose', async () => {
    services.lifecycle.shuttingDown = true;
  });
  registerHealth(app, services);
  registerMetrics(app, services);
  await registerDocs(app, services);
}
