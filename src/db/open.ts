/**
 * Opens the configured database for a command: DATABASE_URL (with bounded
 * retries while the server comes up) or the embedded PGlite in DATA_DIR.
 */
import { join } from 'node:path';
import { sql } from 'kysely';
import { ensurePrivateDir } from '../config/data-dir.js';
import type { Config } from '../config/env.js';
import { type DatabaseHandle, maskUrl, openPglite, openPostgres } from './connect.js';

export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}

export interface OpenOptions {
  /** How long to keep retrying an unreachable server. */
  retryForMs?: number;
  retryEveryMs?: number;
  log?: (message: string) => void;
  /** Open READ_DATABASE_URL instead. */
  read?: boolean;
}

export function pgliteDir(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'pglite');
}

export async function openConfiguredDatabase(config: Config, options: OpenOptions = {}): Promise<DatabaseHandle> {
  const url = options.read ? config.readDatabaseUrl : config.databaseUrl;
  if (!url) {
    // The embedded database and its key are for this user's eyes only.
    ensurePrivateDir(config.dataDir);
    ensurePrivateDir(pgliteDir(config));
    return openPglite({ dataDir: pgliteDir(config) });
  }
  const handle = openPostgres({
    url,
    poolMax: config.dbPoolMax,
    statementTimeoutMs: config.dbStatementTimeoutMs,
  });
  const deadline = Date.now() + (options.retryForMs ?? 0);
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`SELECT 1`.execute(handle.db);
      return handle;
    } catch (err) {
      const reason = (err as Error).message || String(err);
      if (Date.now() >= deadline) {
        await handle.close();
        throw new DatabaseUnreachableError(`cannot connect to ${maskUrl(url)}: ${reason}`);
      }
      options.log?.(`database ${maskUrl(url)} not reachable (attempt ${attempt}: ${reason}); retrying`);
      await new Promise((resolve) => setTimeout(resolve, options.retryEveryMs ?? 2000));
    }
  }
}
