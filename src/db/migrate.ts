/**
 * `bgtasks migrate` and the start-up schema check. Creates missing tables,
 * never alters or drops anything that exists.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import { TABLES, type TableDefinition } from './tables.js';

export interface SchemaProblem {
  table: string;
  /** Empty when the whole table is missing. */
  missingColumns: string[];
}

/** Columns per table in the connection's current schema (search_path). */
async function existingColumns(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ANY(${TABLES.map((t) => t.name)})
  `.execute(db);
  const byTable = new Map<string, Set<string>>();
  for (const row of rows) {
    let set = byTable.get(row.table_name);
    if (!set) byTable.set(row.table_name, (set = new Set()));
    set.add(row.column_name);
  }
  return byTable;
}

function problemsOf(columns: Map<string, Set<string>>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const table of TABLES) {
    const have = columns.get(table.name);
    if (!have) problems.push({ table: table.name, missingColumns: [] });
    else {
      const missing = table.requiredColumns.filter((c) => !have.has(c));
      if (missing.length) problems.push({ table: table.name, missingColumns: missing });
    }
  }
  return problems;
}

/** What `serve` needs but the database lacks; empty when it can be served. */
export async function checkSchema(db: Kysely<Database>): Promise<SchemaProblem[]> {
  return problemsOf(await existingColumns(db));
}

export function describeProblems(problems: SchemaProblem[]): string {
  return problems
    .map((p) => (p.missingColumns.length ? `${p.table} (missing columns: ${p.missingColumns.join(', ')})` : `${p.table} (missing table)`))
    .join('; ');
}

export interface MigrateResult {
  created: string[];
  /** Tables that exist but lack columns we need: we never alter them. */
  incompatible: SchemaProblem[];
}

/** Creates every missing table (in dependency order) in one transaction. Idempotent. */
export async function migrate(db: Kysely<Database>): Promise<MigrateResult> {
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent migrations (two replicas starting at once).
    await sql`SELECT pg_advisory_xact_lock(hashtext('background-task-api:migrate'))`.execute(trx);
    const columns = await existingColumns(trx);
    const missing: TableDefinition[] = TABLES.filter((t) => !columns.has(t.name));
    for (const table of missing) {
      for (const statement of table.create) await sql.raw(statement).execute(trx);
    }
    const incompatible = problemsOf(columns).filter((p) => p.missingColumns.length > 0);
    return { created: missing.map((t) => t.name), incompatible };
  });
}
