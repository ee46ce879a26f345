/** Small helpers shared by the `bgtasks` commands. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AccountError } from '../auth/accounts.js';
import { type Config, loadConfig } from '../config/env.js';
import type { DatabaseHandle } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/**
 * The account commands' database session (`bgtasks user`, `bgtasks token`):
 * open DATABASE_URL or the embedded database (creating its tables: it may
 * never have been served), run `work`, report an AccountError as one line
 * and exit status 1, and always close.
 */
export async function withAccountDatabase(
  env: NodeJS.ProcessEnv,
  work: (db: DatabaseHandle['db'], config: Config) => Promise<number>,
): Promise<number> {
  const config = loadConfig(env);
  const handle = await openConfiguredDatabase(config, { retryForMs: 10_000, log: (m) => process.stderr.write(`bgtasks: ${m}\n`) });
  try {
    if (handle.kind === 'pglite') await migrate(handle.db);
    return await work(handle.db, config);
  } catch (err) {
    if (err instanceof AccountError) {
      process.stderr.write(`bgtasks: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await handle.close();
  }
}
