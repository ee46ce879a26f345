/**
 * The application factory: Fastify, configured from a Config and an open
 * database, with the routes of openapi/background-task.yaml bound to our
 * handlers through fastify-openapi-glue. No I/O at import time; `server.ts`
 * owns the process (listen, signals).
 *
 * Request flow: onRequest (authentication, staff permission, CSRF)
 * → body parsing → handler (query parsing, SQL) → render.
 */
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import openapiGlue from 'fastify-openapi-glue';
import type { Kysely } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { type AuthenticatedUser, type Authenticator, createAuthenticator } from '../auth/index.js';
import type { Config } from '../config/env.js';
import { fastifyTrustProxy } from '../config/trust-proxy.js';
import { authDatabase } from '../db/pool.js';
import type { Database } from '../db/schema.js';
import { registerOps } from '../ops/index.js';
import { loggerOptions, requestIdGenerator } from '../ops/logging.js';
import { SPEC_PATH } from '../paths.js';
import { inventreeHandlers } from '../inventree/index.js';
import { taskHandlers } from '../tasks/index.js';
import { QueueCountsCache } from '../tasks/queue-counts.js';
import { registerUi } from '../ui/index.js';
import { BODY_LIMIT_BYTES, registerBodyParsers } from './body-parsers.js';
import type { AppServices, Lifecycle } from './context.js';
import { errorHandler, sendError } from './errors.js';
import { registerMethodRoutes } from './method-routes.js';
import { registerJsonContentType } from './json.js';
import { registerContentNegotiation } from './negotiation.js';
import { badUrlAsNotFound, notFound } from './not-found.js';
import { serviceHandlers } from './operations.js';
import { pathPermissions } from './permissions.js';
import { registerSecurityHeaders } from './security-headers.js';

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

const users = new WeakMap<FastifyRequest, AuthenticatedUser>();
const decisions = new WeakMap<FastifyRequest, Promise<AuthenticatedUser>>();

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

  const services: AppServices = {
    config,
    db,
    readDb: options.readDb ?? db,
    signingKeys: config.secretKey ? [config.secretKey, ...config.secretKeyFallbacks] : [],
    counts: new QueueCountsCache(options.readDb ?? db, config.countsTtlSeconds * 1000),
    lifecycle: options.lifecycle ?? { shuttingDown: false },
    databaseKind: options.databaseKind ?? 'postgres',
  };
  app.decorate('services', services);
  registerSecurityHeaders(app);
  const authenticator = options.authenticator ?? createAuthenticator({ db: authDatabase(db), config, log: app.log });

  const permissions = pathPermissions(loadSpec());
  const permissionOf = (request: FastifyRequest) => permissions.get(request.routeOptions.url ?? '') ?? 'IsAdminUser';

  /** One authentication decision per request, shared by the three scheme handlers. */
  const authenticate = (request: FastifyRequest): Promise<AuthenticatedUser | undefined> => {
    let decision = decisions.get(request);
    if (!decision) {
      const permission = permissionOf(request);
      // AllowAny views (InvenTree's InfoView is a plain Django view) authenticate nobody here.
      if (permission === 'AllowAny') return Promise.resolve(undefined);
      const check =
        permission === 'IsAuthenticated' && authenticator.identify
          ? authenticator.identify(request)
          : authenticator.authenticate(request);
      decision = check.then((user) => {
        users.set(request, user);
        return user;
      });
      decisions.set(request, decision);
    }
    return decision;
  };

  await app.register(fastifyCookie);
  registerBodyParsers(app);
  registerJsonContentType(app);
  registerContentNegotiation(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendError(reply, notFound(request, config.trustProxy)));

  app.addHook('onRoute', (route) => {
    // The glue attaches security as a preHandler, i.e. after body parsing and
    // validation. InvenTree (DRF) authenticates first: an unauthenticated bad
    // request is a 401, not a 400. So security runs at onRequest.
    if (route.preHandler && route.url.startsWith('/api/')) {
      const hooks = [route.onRequest ?? [], route.preHandler].flat();
      route.onRequest = hooks as typeof route.onRequest;
      delete route.preHandler;
    }
    // Query strings and bodies are parsed by the handlers with Python/DRF
    // semantics (an invalid `limit` means "unpaginated", not 400; bulk-delete
    // errors carry InvenTree's messages), and responses are rendered by us
    // and checked against the document in the test suite. Fastify's own
    // validation and schema serialization would contradict both.
    if (route.schema) {
      delete route.schema.querystring;
      delete route.schema.body;
      delete route.schema.response;
      delete route.schema.headers;
    }
  });

  await app.register(openapiGlue, {
    specification: withoutSelfServed(loadSpec()),
    serviceHandlers: serviceHandlers({ ...taskHandlers, ...inventreeHandlers }, services, (request) => users.get(request), (request) => permissionOf(request) === 'AllowAny'),
    securityHandlers: {
      // The three schemes of the document, decided together as InvenTree does:
      // token → basic → session, and the first one present decides.
      tokenAuth: async (request: FastifyRequest) => void (await authenticate(request)),
      basicAuth: async (request: FastifyRequest) => void (await authenticate(request)),
      cookieAuth: async (request: FastifyRequest) => void (await authenticate(request)),
    },
  });

  registerMethodRoutes(app, authenticate);
  await registerOps(app, services);
  await registerUi(app, { services, authenticate });
  return app;
}
