/**
 * The read-only rule, in one place for every write this service makes (API
 * tokens today; bulk DELETEs; later actions): with READ_ONLY=true a write is
 * a 403 before anything is touched, and a database that refuses the write (a
 * read-only role or a replica) is a 403 naming that, never a 500 and never an
 * answer claiming something was stored.
 */
import type { Config } from '../config/env.js';
import { ApiError } from './errors.js';

export const READ_ONLY_DETAIL = 'This server is read-only.';

/** PostgreSQL's answers to a write it will not do: read_only_sql_transaction, insufficient_privilege. */
const REFUSED_WRITE_CODES = new Set(['25006', '42501']);

export function isReadOnlyDatabaseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && REFUSED_WRITE_CODES.has(code);
}

/** Throws the 403 when the server is configured read-only. Call after authentication, before any write. */
export function assertWritable(config: Pick<Config, 'readOnly'>): void {
  if (config.readOnly) throw new ApiError(403, { detail: READ_ONLY_DETAIL });
}

/**
 * Runs one write: refused up front under READ_ONLY; a refusal by the database
 * becomes a 403 that says what was not done (`what`, e.g. "the API token was not created").
 */
export async function guardedWrite<T>(config: Pick<Config, 'readOnly'>, what: string, write: () => Promise<T>): Promise<T> {
  assertWritable(config);
  try {
    return await write();
  } catch (err) {
    if (isReadOnlyDatabaseError(err)) {
      throw new ApiError(403, { detail: `The database refused the write (this service's database user is read-only): ${what}.` });
    }
    throw err;
  }
}
