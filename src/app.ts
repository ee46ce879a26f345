/**
 * The composition root: the one place that knows every folder. Builds the
 * Fastify application from a Config and an open database — the HTTP library
 * (http/) with InvenTree's error shapes and body parsers, the OpenAPI
 * document's operations bound to the task handlers (tasks/), one
 * authenticator (auth/) for every route, and the operational routes (ops/).
 * No I/O at import time; `server.ts` owns the process (listen, signals).
 *
 * Request flow: onRequest (authentication, staff permission, CSRF)
 * → body parsing → handler (query parsing, SQL) → render.
 */
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { OPERATIONS } from '../generated/operations.js';
import { type AuthenticatedUser, type Authenticator, createAuthenticator } from './auth/index.js';
import type { Config } from './config/env.js';
import { fastifyTrustProxy } from './config/trust-proxy.js';
import { extensionsEnabled } from './config/extensions.js';
import type { AppServices, Lifecycle } from './context.js';
import { authDatabase } from './db/pool.js';
import type { Database } from './db/schema.js';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './http/body-parsers.js';
import { servedOperations, withoutTags } from './http/document-filter.js';
import { errorHandler, notAuthenticated, sendError } from './http/errors.js';
import { registerJsonContentType } from './http/json.js';
import { registerContentNegotiation } from './http/negotiation.js';
import { badUrlAsNotFound, notFound } from './http/not-found.js';
import { registerOpenApiRoutes } from './http/openapi.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { type Permission, pathPermissions } from './http/permissions.js';
import { inventreeHandlers, inventreeViews } from './inventree/index.js';
import { registerOps } from './ops/index.js';
import { loggerOptions, requestIdGenerator } from './ops/logging.js';
import { SPEC_PATH } from './paths.js';
import { taskHandlers, taskViews } from './tasks/index.js';
import { queueCountsCache } from './tasks/queue-counts.js';
import { registerUi } from './ui/index.js';

let cachedSpec: Record<string, unknown> | undefined;
/** The parsed OpenAPI document (read once per process). */
export function loadSpec(): Record<string, unknown> {
  cachedSpec ??= parseYaml(readFileSync(SPEC_PATH, 'utf8')) as Record<string, unknown>;
  return cachedSpec;
}

/** The document minus operations marked `x-served-by` (streams registered by their own module, e.g. src/ui). */
function withoutSelfServed(spec: Record<string, unknown>): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [path, item] of Object.entries(spec.paths as Record<string, Record<string, { 'x-served-by'?: string }>>)) {
    const kept = Object.fromEntries(Object.entries(item).filter(([, op]) => !op?.['x-served-by']));
    if (Object.keys(kept).length) paths[path] = kept;
  }
  return { ...spec, paths };
}

export interface BuildAppOptions {
  config: Config;
  db: Kysely<Database>;
  readDb?: Kysely<Database>;
  /** Fastify logger option; default: pino at config.logLevel. */
  logger?: FastifyServerOptions['logger'];
  /** Replace the authenticator (tests of the HTTP layer). */
  authenticator?: Authenticator;
  /** Shared with the process (server.ts flips shuttingDown on SIGTERM). */
  lifecycle?: Lifecycle;
  databaseKind?: 'postgres' | 'pglite';
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The process-wide services handlers use (for ops routes and tests). */
    services: AppServices;
  }
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  const app = Fastify({
    // pino JSON on stdout (pretty on a TTY), LOG_LEVEL, credentials redacted.
    logger: options.logger ?? loggerOptions(config),
    // A UUID per request; the client's X-Request-Id only behind a trusted proxy.
    genReqId: requestIdGenerator(config.trustProxy),
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(config.proxyTrust, config.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    requestTimeout: 120_000,
    connectionTimeout: 0,
    keepAliveTimeout: 72_000,
    frameworkErrors: badUrlAsNotFound(config.trustProxy),
  });

  const authenticator = options.authenticator ?? createAuthenticator({ db: authDatabase(db), config, log: app.log });
  // Extension operations (tag `extensions`) are not routed at all when switched off.
  const specification = withoutTags(withoutSelfServed(loadSpec()), extensionsEnabled(config) ? [] : ['extensions']);
  const operations = servedOperations(OPERATIONS, specification) as typeof OPERATIONS;
  app.decorateRequest('user', undefined);
  app.decorateRequest('authentication', undefined);
  /**
   * One authentication decision per request, shared by the scheme handlers
   * and any route's hook, under the permission of the request's view:
   * AllowAny authenticates nobody (InvenTree's InfoView is a plain Django
   * view), IsAuthenticated any active user, IsAdminUser staff only.
   */
  const decide = (request: FastifyRequest, permission: Permission): Promise<AuthenticatedUser | undefined> => {
    if (permission === 'AllowAny') return Promise.resolve(undefined);
    request.authentication ??= (
      permission === 'IsAuthenticated' && authenticator.identify ? authenticator.identify(request) : authenticator.authenticate(request)
    ).then((user) => {
      request.user = user;
      return user;
    });
    return request.authentication;
  };
  // DRF decides per view, i.e. per document path (`x-permission`, default staff);
  // routes outside the document are staff-only.
  const permissions = pathPermissions(loadSpec() as Parameters<typeof pathPermissions>[0]);
  const permissionOf = (request: FastifyRequest): Permission =>
    permissions.get(request.routeOptions.config?.openapiPath ?? '') ?? 'IsAdminUser';
  const authenticateOperation = (request: FastifyRequest) => decide(request, permissionOf(request));
  const authenticate = (request: FastifyRequest) => decide(request, 'IsAdminUser') as Promise<AuthenticatedUser>;

  const services: AppServices = {
    config,
    db,
    readDb: options.readDb ?? db,
    signingKeys: config.secretKey ? [config.secretKey, ...config.secretKeyFallbacks] : [],
    counts: queueCountsCache(options.readDb ?? db, config.countsTtlSeconds * 1000, { retrySeconds: config.qRetrySeconds }),
    lifecycle: options.lifecycle ?? { shuttingDown: false },
    databaseKind: options.databaseKind ?? 'postgres',
    authenticate,
  };
  app.decorate('services', services);
  registerSecurityHeaders(app);

  await app.register(fastifyCookie);
  registerBodyParsers(app);
  registerJsonContentType(app);
  registerContentNegotiation(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, notFound(request, config.trustProxy)));

  await registerOpenApiRoutes(app, {
    specification,
    operations,
    handlers: { ...taskHandlers, ...inventreeHandlers },
    views: { ...taskViews, ...inventreeViews },
    authenticate: authenticateOperation,
    contextOf: (request) => {
      const user = request.user;
      // Unreachable without a user but on AllowAny views, whose handlers must not read `context.user`.
      if (!user && permissionOf(request) !== 'AllowAny') throw notAuthenticated();
      return { ...services, request, user: user as AuthenticatedUser };
    },
  });

  await registerOps(app, services);
  await registerUi(app, { services, authenticate });
  return app;
}
