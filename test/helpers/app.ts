/**
 * Builds the real application over a fresh test database, and tears both
 * down when the test ends.
 */
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import type { Config } from '../../src/config/env.js';
import { buildApp } from '../../src/http/app.js';
import { testConfig } from './config.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
}

export async function createTestApp(t: Test, overrides: Partial<Config> = {}, database?: TestDatabase): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const config = testConfig(overrides);
  const app = await buildApp({ config, db: db.db, logger: false });
  t.teardown(async () => {
    await app.close();
    if (!database) await db.close();
  });
  return { app, database: db, config };
}
