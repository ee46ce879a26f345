/**
 * Builds the real application over a fresh test database, and tears both
 * down when the test ends. Its `inject` checks every response against the
 * OpenAPI document and fails the test at once on a response that does not conform.
 */
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import type { Config } from '../../src/config/env.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from './config.js';
import { extensionsEnabled } from '../../src/config/extensions.js';
import { type ContractViolation, checkResponse, checkResponseWithoutExtensions } from './contract.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  violations: ContractViolation[];
}

export async function createTestApp(t: Test, overrides: Partial<Config> = {}, database?: TestDatabase): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const config = testConfig(overrides);
  const app = await buildApp({ config, db: db.db, logger: false, databaseKind: db.kind });
  const violations: ContractViolation[] = [];
  const inject = app.inject.bind(app);
  // biome-ignore lint/suspicious/noExplicitAny: wrapping the overloaded inject
  (app as any).inject = async (options: any) => {
    const res = await inject(options);
    const method = typeof options === 'string' ? 'GET' : (options.method ?? 'GET');
    const url = typeof options === 'string' ? options : (options.url ?? options.path ?? '/');
    const check = extensionsEnabled(config) ? checkResponse : checkResponseWithoutExtensions;
    const problem = check(config.apiCompat, method, url, res.statusCode, res.headers['content-type'] as string | undefined, res.body);
    if (problem) {
      violations.push(problem);
      t.fail(`response does not match openapi/background-task.yaml: ${problem.request} → ${problem.status}: ${problem.problem}`);
    }
    return res;
  };
  t.teardown(async () => {
    await app.close();
    if (!database) await db.close();
  });
  return { app, database: db, config, violations };
}
