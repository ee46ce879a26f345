/**
 * Runs once before the test files (tap's `before`): builds the PGlite
 * template — a freshly initialised, migrated database dumped to a tarball —
 * so each suite starts its own PGlite from it in about a second instead of
 * paying initdb (4–7 s, ~700 MB) again.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { PGLITE_TEMPLATE } from '../helpers/database.js';

const pglite = await PGlite.create();
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(pglite) as pg.PoolConfig) }) });
await migrate(db);
await db.destroy();
const dump = await pglite.dumpDataDir('none');
await pglite.close();
mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true });
writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
