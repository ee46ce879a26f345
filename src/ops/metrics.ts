/**
 * GET /metrics in Prometheus' text format (prom-client):
 *   - the queue, as gauges (prefix django_q_, no `_total` on gauges), read
 *     from the counts cache shared with the overview endpoint plus one
 *     small cached query of our own, both living COUNTS_TTL_SECONDS;
 *   - an HTTP request-duration histogram by method, route template and status;
 *   - Node's process defaults.
 * No label carries an id, an argument or anything a user typed: routes are
 * templates (`unmatched` for 404s) and methods come from a fixed list.
 * With METRICS_TOKEN set, a scrape needs `Authorization: Bearer <token>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppServices } from '../context.js';
import { ApiError, sendError } from '../http/errors.js';
import { queueAgesCache } from './queue-ages.js';

let processRegistry: Registry | undefined;
/** Node's default metrics, collected once per process whatever the number of apps. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export const QUEUE_METRICS = {
  pending: 'django_q_pending_tasks',
  oldestPendingAge: 'django_q_oldest_pending_task_age_seconds',
  failed: 'django_q_failed_tasks',
  scheduled: 'django_q_scheduled_tasks',
  workerUp: 'django_q_worker_up',
  lastSuccess: 'django_q_last_task_success_timestamp_seconds',
  scrapeDuration: 'django_q_scrape_duration_seconds',
  databaseUp: 'django_q_database_up',
} as const;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when the request carries `Authorization: Bearer <token>`. Constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

export function registerMetrics(app: FastifyInstance, services: AppServices): void {
  const httpRegistry = new Registry();
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [httpRegistry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: METHODS.has(request.method) ? request.method : 'OTHER',
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  const ttlMs = services.config.countsTtlSeconds * 1000;
  const ages = queueAgesCache(services.readDb, ttlMs);

  /** The queue gauges of one scrape, in a registry of their own (absent values stay absent). */
  async function queueMetrics(log: FastifyRequest['log']): Promise<string> {
    const registry = new Registry();
    const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
    const started = process.hrtime.bigint();
    const up = gauge(QUEUE_METRICS.databaseUp, '1 when this scrape could read the django-q tables, else 0.');
    try {
      const [counts, extra] = await Promise.all([services.counts.get(), ages.get()]);
      const pending = gauge(QUEUE_METRICS.pending, 'Rows of django_q_ormq: waiting (lock not in the future) or locked (lock in the future).', ['state']);
      pending.set({ state: 'waiting' }, counts.pending - counts.pendingLocked);
      pending.set({ state: 'locked' }, counts.pendingLocked);
      gauge(QUEUE_METRICS.oldestPendingAge, 'Seconds since the lock time of the oldest waiting pending task (0 when none waits).').set(
        extra.oldestPendingAgeSeconds,
      );
      gauge(QUEUE_METRICS.failed, 'Failed tasks kept in django_q_task.').set(counts.failed);
      gauge(QUEUE_METRICS.scheduled, 'Rows of django_q_schedule.').set(counts.scheduled);
      gauge(QUEUE_METRICS.workerUp, "1 when a task succeeded in the last 10 minutes (InvenTree's is_running), else 0.").set(
        counts.isRunning ? 1 : 0,
      );
      if (extra.lastSuccessSeconds !== undefined)
        gauge(QUEUE_METRICS.lastSuccess, 'Unix time at which the latest successful task stopped (absent when none did).').set(
          extra.lastSuccessSeconds,
        );
      up.set(1);
    } catch (err) {
      log.warn({ code: (err as { code?: unknown }).code, msg: (err as Error).message }, 'metrics: cannot read the queue');
      up.set(0);
    }
    gauge(QUEUE_METRICS.scrapeDuration, 'Seconds this scrape spent reading the queue (cached reads included).').set(
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    return registry.metrics();
  }

  const token = services.config.metricsToken;
  app.get('/metrics', async (request: FastifyRequest, reply: FastifyReply) => {
    if (token && !bearerMatches(request.headers.authorization, token)) {
      return sendError(
        reply,
        new ApiError(401, { detail: 'Authentication credentials were not provided or are invalid.' }, { 'www-authenticate': 'Bearer realm="metrics"' }),
      );
    }
    const text = [await queueMetrics(request.log), await httpRegistry.metrics(), await processMetrics().metrics()].join('\n');
    return reply.code(200).header('cache-control', 'no-store').type(httpRegistry.contentType).send(text);
  });
}
