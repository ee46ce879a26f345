/**
 * Optional indexes for large django-q tables: `bgtasks migrate --with-indexes`.
 * Never created automatically — they change someone else's database — and
 * each one is additive, named `bgtasks_*`, and safe to drop at any time.
 *
 * On PostgreSQL they are built with CREATE INDEX CONCURRENTLY, so django-q's
 * workers keep writing while they build. A build that failed half-way leaves
 * an INVALID index behind; the next run drops and rebuilds it.
 *
 * What each one is for (numbers in docs/performance.md):
 *   bgtasks_task_failed_stopped   failed list in its default order (-stopped, id): a page is an
 *                                 index range scan instead of a sort of every failure; also the
 *                                 smallest structure to count failures from (index-only scan)
 *   bgtasks_task_success_started  the overview's is_running (a success started in the last
 *                                 10 minutes) and /metrics' last success (max(stopped)): the
 *                                 successes alone, instead of a scan past every failure
 *   bgtasks_task_func_trgm        failed `search` (UPPER(func) LIKE '%term%'): trigram GIN, only
 *                                 where the pg_trgm extension is available (or can be created)
 *   bgtasks_task_func_upper       not an index: statistics on UPPER(func) (PostgreSQL 14+), so the
 *                                 planner estimates how many failures a search matches instead of
 *                                 guessing 0.5 % — the count strategy (src/tasks/count-estimates.ts) and
 *                                 the choice between the two indexes above depend on it
 *   bgtasks_task_success_stopped  the succeeded list (extension) in its default order (-stopped,
 *                                 id), and its counts, as bgtasks_task_failed_stopped does for failures
 *   bgtasks_task_group_started    the `group` filter of the task lists, and a schedule's runs
 *                                 (group + func, newest first) on the scheduled detail
 *   bgtasks_task_func_stopped     the exact `func` filter of the task lists in their default order (-stopped)
 *   bgtasks_task_failed_started   `started_after` / `started_before` on the failed list (the
 *                                 successes have bgtasks_task_success_started)
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

export interface IndexDefinition {
  name: string;
  table: string;
  /** An index (default) or an extended-statistics object. */
  kind?: 'index' | 'statistics';
  /** Index: everything after `ON` (table, method, columns, predicate); statistics: after `ON`. */
  definition: string;
  /** server_version_num it needs. */
  minServerVersion?: number;
  /** An extension the index needs (tried with CREATE EXTENSION IF NOT EXISTS). */
  extension?: string;
  purpose: string;
}

export const INDEXES: readonly IndexDefinition[] = [
  {
    name: 'bgtasks_task_failed_stopped',
    table: 'django_q_task',
    definition: `"django_q_task" ("stopped" DESC, "id") WHERE NOT "success"`,
    purpose: 'failed list ordered by -stopped (the default), deep offsets, failure counts',
  },
  {
    name: 'bgtasks_task_success_started',
    table: 'django_q_task',
    definition: `"django_q_task" ("started") INCLUDE ("stopped") WHERE "success"`,
    purpose: "overview is_running, /metrics last success: successes only, a tiny index",
  },
  {
    name: 'bgtasks_task_success_stopped',
    table: 'django_q_task',
    definition: `"django_q_task" ("stopped" DESC, "id") WHERE "success"`,
    purpose: 'succeeded list ordered by -stopped (the default), deep offsets, success counts',
  },
  {
    name: 'bgtasks_task_group_started',
    table: 'django_q_task',
    definition: `"django_q_task" ("group", "started" DESC)`,
    purpose: "task lists' group filter; a schedule's last runs",
  },
  {
    name: 'bgtasks_task_func_stopped',
    table: 'django_q_task',
    definition: `"django_q_task" ("func", "stopped" DESC)`,
    purpose: "task lists' exact func filter",
  },
  {
    name: 'bgtasks_task_failed_started',
    table: 'django_q_task',
    definition: `"django_q_task" ("started") WHERE NOT "success"`,
    purpose: 'failed list started_after / started_before',
  },
  {
    name: 'bgtasks_task_func_trgm',
    table: 'django_q_task',
    definition: `"django_q_task" USING gin (upper("func"::text) gin_trgm_ops) WHERE NOT "success"`,
    extension: 'pg_trgm',
    purpose: 'failed list search on func (icontains)',
  },
  {
    name: 'bgtasks_task_func_upper',
    table: 'django_q_task',
    kind: 'statistics',
    definition: `(upper("func"::text)) FROM "django_q_task"`,
    minServerVersion: 140000,
    purpose: 'statistics (not an index): row estimates for func searches',
  },
];

export type IndexOutcome = 'created' | 'exists' | 'rebuilt' | 'skipped';

export interface IndexResult {
  name: string;
  outcome: IndexOutcome;
  /** Why it was skipped. */
  reason?: string;
  ms: number;
}

export interface EnsureIndexesOptions {
  /** CREATE INDEX CONCURRENTLY (PostgreSQL; not inside a transaction). Default true. */
  concurrently?: boolean;
  log?: (message: string) => void;
  /** Only these (by name); default all. */
  only?: readonly string[];
}

interface ExistingIndex {
  valid: boolean;
}

async function existingIndex(db: Kysely<Database>, name: string, kind: IndexDefinition['kind'] = 'index'): Promise<ExistingIndex | undefined> {
  if (kind === 'statistics') {
    const { rows } = await sql<{ valid: boolean }>`
      SELECT true AS valid FROM pg_statistic_ext WHERE stxname = ${name} AND stxnamespace = current_schema()::regnamespace
    `.execute(db);
    return rows[0];
  }
  const { rows } = await sql<{ valid: boolean }>`
    SELECT i.indisvalid AS valid
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relname = ${name} AND c.relnamespace = current_schema()::regnamespace
  `.execute(db);
  return rows[0];
}

/** Whether `extension` is installed, or could be installed now (it is then created). */
async function ensureExtension(db: Kysely<Database>, extension: string): Promise<string | undefined> {
  const { rows } = await sql<{ installed: boolean }>`
    SELECT installed_version IS NOT NULL AS installed FROM pg_available_extensions WHERE name = ${extension}
  `.execute(db);
  const row = rows[0];
  if (!row) return `the ${extension} extension is not available on this server`;
  if (row.installed) return undefined;
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS ${sql.id(extension)}`.execute(db);
    return undefined;
  } catch (err) {
    return `cannot create the ${extension} extension: ${(err as Error).message}`;
  }
}

/**
 * Creates the missing indexes of INDEXES (and rebuilds invalid leftovers).
 * Idempotent. Tables that do not exist are skipped.
 */
export async function ensureIndexes(db: Kysely<Database>, options: EnsureIndexesOptions = {}): Promise<IndexResult[]> {
  const concurrently = options.concurrently ?? true;
  const results: IndexResult[] = [];
  const { rows: version } = await sql<{ v: string }>`SELECT current_setting('server_version_num') AS v`.execute(db);
  const serverVersion = Number(version[0]?.v ?? 0);
  for (const index of INDEXES) {
    if (options.only && !options.only.includes(index.name)) continue;
    const started = performance.now();
    const done = (outcome: IndexOutcome, reason?: string) => {
      const result: IndexResult = { name: index.name, outcome, ms: Math.round(performance.now() - started), ...(reason ? { reason } : {}) };
      results.push(result);
      options.log?.(`${index.name}: ${outcome}${reason ? ` (${reason})` : ''}${outcome === 'created' || outcome === 'rebuilt' ? ` in ${result.ms} ms` : ''}`);
    };
    const { rows: tables } = await sql<{ ok: boolean }>`SELECT to_regclass(${index.table}) IS NOT NULL AS ok`.execute(db);
    if (!tables[0]?.ok) {
      done('skipped', `table ${index.table} does not exist`);
      continue;
    }
    if (index.minServerVersion && serverVersion < index.minServerVersion) {
      done('skipped', `needs PostgreSQL ${Math.floor(index.minServerVersion / 10000)} or later`);
      continue;
    }
    const existing = await existingIndex(db, index.name, index.kind);
    if (existing?.valid) {
      done('exists');
      continue;
    }
    if (index.kind === 'statistics') {
      await sql.raw(`CREATE STATISTICS IF NOT EXISTS "${index.name}" ON ${index.definition}`).execute(db);
      done('created');
      continue;
    }
    if (index.extension) {
      const problem = await ensureExtension(db, index.extension);
      if (problem) {
        done('skipped', problem);
        continue;
      }
    }
    if (existing) await sql.raw(`DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS "${index.name}"`).execute(db);
    await sql.raw(`CREATE INDEX ${concurrently ? 'CONCURRENTLY ' : ''}"${index.name}" ON ${index.definition}`).execute(db);
    done(existing ? 'rebuilt' : 'created');
  }
  if (results.some((r) => r.outcome === 'created' || r.outcome === 'rebuilt')) {
    // Fresh statistics, so the planner knows the new indexes' sizes at once.
    await sql`ANALYZE "django_q_task"`.execute(db);
  }
  return results;
}

/** Drops every index of INDEXES that exists (the benchmark measures both states). */
export async function dropIndexes(db: Kysely<Database>, options: { concurrently?: boolean } = {}): Promise<string[]> {
  const dropped: string[] = [];
  for (const index of INDEXES) {
    if (!(await existingIndex(db, index.name, index.kind))) continue;
    if (index.kind === 'statistics') await sql.raw(`DROP STATISTICS IF EXISTS "${index.name}"`).execute(db);
    else await sql.raw(`DROP INDEX ${(options.concurrently ?? true) ? 'CONCURRENTLY ' : ''}IF EXISTS "${index.name}"`).execute(db);
    dropped.push(index.name);
  }
  return dropped;
}

/** Which of INDEXES exist and are valid. */
export async function presentIndexes(db: Kysely<Database>): Promise<string[]> {
  const present: string[] = [];
  for (const index of INDEXES) if ((await existingIndex(db, index.name, index.kind))?.valid) present.push(index.name);
  return present;
}
