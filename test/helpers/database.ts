/**
 * A fresh, migrated database per test suite: embedded PGlite started from the
 * template built by test/setup/before.ts, or — when TEST_DATABASE_URL is set —
 * a schema of its own on that PostgreSQL server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const PGLITE_TEMPLATE = join(root, '.tap/pglite-template.tar');

/**
 * TEST_SCHEMA_FIXTURE=inventree-0.15 (PostgreSQL only): each suite's schema is
 * built from test/fixtures/inventree-0.15.sql — the real DDL of a fresh
 * InvenTree 0.15 database, with user_sessions_session and no django_session —
 * instead of `bgtasks migrate`.
 */
export const SCHEMA_FIXTURE = process.env.TEST_SCHEMA_FIXTURE || undefined;
if (SCHEMA_FIXTURE !== undefined && SCHEMA_FIXTURE !== 'inventree-0.15')
  throw new Error(`TEST_SCHEMA_FIXTURE: unknown fixture ${SCHEMA_FIXTURE} (known: inventree-0.15)`);

/** The session table tests write to: InvenTree 0.15's on its fixture, else Django's. */
export const SESSION_TABLE: 'django_session' | 'user_sessions_session' =
  SCHEMA_FIXTURE === 'inventree-0.15' ? 'user_sessions_session' : 'django_session';

async function createSchema(db: Kysely<Database>): Promise<void> {
  if (SCHEMA_FIXTURE === 'inventree-0.15') {
    await sql.raw(readFileSync(join(root, 'test/fixtures/inventree-0.15.sql'), 'utf8')).execute(db);
    return;
  }
  await migrate(db);
}

export interface TestDatabase extends DatabaseHandle {
  /** 'pglite' or 'postgres', for test names. */
  label: string;
  /** The schema on a real server (undefined on PGlite). */
  schema?: string;
  /** Connection URL on a real server (with search_path in `schema`). */
  url?: string;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = openPostgres({ url, poolMax: 1 });
    await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin.db);
    await admin.close();
    const handle = openPostgres({ url, schema, poolMax: 4 });
    await createSchema(handle.db);
    return {
      ...handle,
      label: 'postgres',
      schema,
      url,
      async close() {
        await handle.close();
        const cleanup = openPostgres({ url, poolMax: 1 });
        await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(cleanup.db);
        await cleanup.close();
      },
    };
  }
  if (SCHEMA_FIXTURE) throw new Error('TEST_SCHEMA_FIXTURE needs TEST_DATABASE_URL (a real PostgreSQL server)');
  if (existsSync(PGLITE_TEMPLATE)) {
    const handle = await openPglite({ loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
    return { ...handle, label: 'pglite' };
  }
  const handle = await openPglite();
  await migrate(handle.db);
  return { ...handle, label: 'pglite' };
}

/**
 * A schema of its own on a real server, migrated through a connection of
 * its own, for suites that open their own pools on it (test/ops,
 * test/reliability); `drop()` removes it.
 */
export async function createMigratedSchema(url: string, prefix: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}${randomBytes(5).toString('hex')}`;
  const admin = openPostgres({ url, poolMax: 1 });
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const migrating = openPostgres({ url, schema, poolMax: 1 });
  await migrate(migrating.db);
  await migrating.close();
  return {
    schema,
    async drop() {
      const cleanup = openPostgres({ url, poolMax: 1 });
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}
