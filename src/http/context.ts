/**
 * What handlers work with. `AppServices` is built once per process;
 * `RequestContext` adds the request and the authenticated user.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuthenticatedUser } from '../auth/index.js';
import type { Config } from '../config/env.js';
import type { Database } from '../db/schema.js';
import type { QueueCountsCache } from '../tasks/queue-counts.js';

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
}

export interface Lifecycle {
  shuttingDown: boolean;
}

export interface RequestContext extends AppServices {
  request: FastifyRequest;
  user: AuthenticatedUser;
}
