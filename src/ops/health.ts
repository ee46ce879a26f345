/**
 * Liveness and readiness, as `application/health+json`
 * (draft-inadarei-api-health-check): `status` pass|fail and per-check
 * details. Neither needs credentials; neither tells where the database is
 * or how the service is configured — failures name a category, never a
 * host, a URL or a driver message.
 *
 *   GET /healthz  200 while the event loop answers; touches no database.
 *   GET /readyz   200 when `SELECT 1` succeeds under a short statement timeout
 *                 and the django-q tables are there; 503 with the failing
 *                 check otherwise, and from the moment shutdown starts.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { checkSchema, describeProblems } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import type { AppServices } from '../context.js';
import { isDatabaseUnavailable } from '../http/errors.js';

export const HEALTH_CONTENT_TYPE = 'application/health+json';
/** Statement timeout of the readiness queries on PostgreSQL. */
export const READINESS_STATEMENT_TIMEOUT_MS = 1000;
/** The whole readiness check, connection included, must answer within this. */
export const READINESS_DEADLINE_MS = 2500;

export type HealthStatus = 'pass' | 'fail';

export interface CheckResult {
  status: HealthStatus;
  componentId?: string;
  componentType?: string;
  observedValue?: number;
  observedUnit?: string;
  output?: string;
  time?: string;
}

export interface HealthBody {
  status: HealthStatus;
  description: string;
  checks: Record<string, CheckResult[]>;
}

class DeadlineError extends Error {}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), ms);
  });
  promise.catch(() => {}); // settles later when the deadline won
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A failure as a category; driver messages (which name hosts and users) stay out. */
export function describeFailure(err: unknown): string {
  if (err instanceof DeadlineError) return `no answer within ${READINESS_DEADLINE_MS} ms`;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === '57014') return `statement timeout (${READINESS_STATEMENT_TIMEOUT_MS} ms) exceeded`;
  if (code === '28P01' || code === '28000') return 'authentication rejected by the database';
  if (code === '3D000') return 'database does not exist';
  if (code === '42501') return 'permission denied';
  if (isDatabaseUnavailable(err)) return 'database unreachable';
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `query failed (SQLSTATE ${code})` : 'query failed';
}

interface DatabaseTarget {
  id: 'primary' | 'read';
  db: Kysely<Database>;
}

async function checkDatabase(target: DatabaseTarget, kind: AppServices['databaseKind']): Promise<[CheckResult, CheckResult]> {
  const base = { componentId: target.id, componentType: 'datastore' };
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const progress: { stage: 'connection' | 'schema' } = { stage: 'connection' };
  try {
    const problems = await withDeadline(
      target.db.transaction().execute(async (trx) => {
        if (kind === 'postgres') await sql.raw(`SET LOCAL statement_timeout = ${READINESS_STATEMENT_TIMEOUT_MS}`).execute(trx);
        await sql`SELECT 1`.execute(trx);
        progress.stage = 'schema';
        return checkSchema(trx);
      }),
      READINESS_DEADLINE_MS,
    );
    const time = new Date().toISOString();
    const connection: CheckResult = { ...base, status: 'pass', observedValue: elapsed(), observedUnit: 'ms', time };
    const schema: CheckResult = problems.length
      ? { ...base, status: 'fail', output: `missing: ${describeProblems(problems)}`, time }
      : { ...base, status: 'pass', time };
    return [connection, schema];
  } catch (err) {
    const time = new Date().toISOString();
    const output = describeFailure(err);
    if (progress.stage === 'schema') {
      return [
        { ...base, status: 'pass', observedValue: elapsed(), observedUnit: 'ms', time },
        { ...base, status: 'fail', output, time },
      ];
    }
    return [
      { ...base, status: 'fail', observedValue: elapsed(), observedUnit: 'ms', output, time },
      { ...base, status: 'fail', output: 'not checked: no connection', time },
    ];
  }
}

function send(reply: FastifyReply, body: HealthBody): FastifyReply {
  return reply
    .code(body.status === 'pass' ? 200 : 503)
    .header('cache-control', 'no-store')
    .type(HEALTH_CONTENT_TYPE)
    .send(JSON.stringify(body));
}

export function registerHealth(app: FastifyInstance, services: AppServices): void {
  const started = Date.now();

  app.get('/healthz', async (_request, reply) =>
    send(reply, {
      status: 'pass',
      description: 'background-task-api liveness',
      checks: {
        'process:uptime': [{ componentType: 'system', status: 'pass', observedValue: Math.round((Date.now() - started) / 1000), observedUnit: 's' }],
      },
    }),
  );

  const targets: DatabaseTarget[] = [{ id: 'primary', db: services.db }];
  if (services.readDb !== services.db) targets.push({ id: 'read', db: services.readDb });

  /** Concurrent probes share one check in flight. */
  let inflight: Promise<HealthBody> | undefined;
  const readiness = async (): Promise<HealthBody> => {
    const results = await Promise.all(targets.map((target) => checkDatabase(target, services.databaseKind)));
    // Shutdown may have begun while the database answered.
    const shutdown: CheckResult = services.lifecycle.shuttingDown
      ? { status: 'fail', output: 'shutting down' }
      : { status: 'pass' };
    const checks: Record<string, CheckResult[]> = {
      'server:shutdown': [shutdown],
      'database:connection': results.map((r) => r[0]),
      'database:schema': results.map((r) => r[1]),
    };
    const ok = Object.values(checks).every((list) => list.every((c) => c.status === 'pass'));
    return { status: ok ? 'pass' : 'fail', description: 'background-task-api readiness', checks };
  };

  app.get('/readyz', async (_request, reply) => {
    if (services.lifecycle.shuttingDown) {
      return send(reply, {
        status: 'fail',
        description: 'background-task-api readiness',
        checks: { 'server:shutdown': [{ status: 'fail', output: 'shutting down' }] },
      });
    }
    inflight ??= readiness().finally(() => {
      inflight = undefined;
    });
    return send(reply, await inflight);
  });
}
