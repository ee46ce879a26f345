/**
 * What handlers work with. `AppServices` is built once per process by the
 * composition root (app.ts); `RequestContext` adds the request and the
 * authenticated user. The authenticated user also lives on the request
 * itself (`request.user`), for routes outside the OpenAPI document.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuthenticatedUser } from './auth/index.js';
import type { Config } from './config/env.js';
import type { Database } from './db/schema.js';
import type { QueueCountsCache } from './tasks/queue-counts.js';

export interface AppServices {
  config: Config;
  /** Writes (DELETE, token last_seen) — DATABASE_URL or embedded PGlite. */
  db: Kysely<Database>;
  /** Reads — READ_DATABASE_URL when set, else the same as `db`. */
  readDb: Kysely<Database>;
  /** Keys that sign task payloads: SECRET_KEY then fallbacks; empty = not configured (decode unverified). */
  signingKeys: string[];
  /** Queue counts shared by the overview and /metrics. */
  counts: QueueCountsCache;
  /** Process state readiness reports: set when shutdown starts. */
  lifecycle: Lifecycle;
  /** Which database kind serves the data (for readiness and banners). */
  databaseKind: 'postgres' | 'pglite';
  /**
   * InvenTree's authentication and staff permission for any route (an
   * `onRequest` hook as it stands): decided once per request, the user left
   * on `request.user`; refusals are thrown as the ApiError to answer.
   */
  authenticate(request: FastifyRequest): Promise<AuthenticatedUser>;
}

export interface Lifecycle {
  shuttingDown: boolean;
}

export interface RequestContext extends AppServices {
  request: FastifyRequest;
  user: AuthenticatedUser;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated user, once `services.authenticate` has decided (undefined before, or on routes without it). */
    user: AuthenticatedUser | undefined;
    /** The one authentication decision of this request, shared by every scheme handler and hook. */
    authentication: Promise<AuthenticatedUser> | undefined;
  }
}
