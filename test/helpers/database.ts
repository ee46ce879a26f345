/**
 * A fresh, migrated database per test suite: embedded PGlite started from the
 * template built by test/setup/before.ts, or — when TEST_DATABASE_URL is set —
 * a schema of its own on that PostgreSQL server, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { type DatabaseHandle, openPglite, openPostgres } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const PGLITE_TEMPLATE = join(root, '.tap/pglite-template.tar');

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
    await migrate(handle.db);
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
  if (existsSync(PGLITE_TEMPLATE)) {
    const handle = await openPglite({ loadDataDir: new Blob([readFileSync(PGLITE_TEMPLATE)]) });
    return { ...handle, label: 'pglite' };
  }
  const handle = await openPglite();
  await migrate(handle.db);
  return { ...handle, label: 'pglite' };
}
