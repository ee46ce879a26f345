/**
 * `bgtasks migrate` and the start-up schema check. Creates missing tables,
 * never alters or drops anything that exists.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import { INVENTREE_MARKER_TABLES, TABLES, type TableDefinition } from './tables.js';

export interface SchemaProblem {
  table: string;
  /** Who creates the table in a real installation (tables.ts `origin`). */
  origin: string;
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
    if (!have) {
      if (!table.optional) problems.push({ table: table.name, origin: table.origin, missingColumns: [] });
    } else {
      const missing = table.requiredColumns.filter((c) => !have.has(c));
      if (missing.length) problems.push({ table: table.name, origin: table.origin, missingColumns: missing });
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
    .map((p) =>
      p.missingColumns.length
        ? `${p.table} (missing columns: ${p.missingColumns.join(', ')}; expected as created by ${p.origin})`
        : `${p.table} (missing table; expected as created by ${p.origin})`,
    )
    .join('; ');
}

/** The session tables present, in the order they are read (InvenTree 0.15's first). */
export async function sessionTablesPresent(db: Kysely<Database>): Promise<string[]> {
  const columns = await existingColumns(db);
  return TABLES.filter((t) => t.optional && columns.has(t.name)).map((t) => t.name);
}

/**
 * InvenTree's own tables (which this service never creates) found in the
 * current schema: non-empty means the database belongs to InvenTree, whose
 * migrations own its schema.
 */
export async function inventreeMarkers(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name = ANY(${[...INVENTREE_MARKER_TABLES]})
    ORDER BY table_name
  `.execute(db);
  return rows.map((r) => r.table_name);
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
    // A session table of either kind is enough; only a database with none
    // gets Django's django_session.
    const hasSessions = TABLES.some((t) => t.optional && columns.has(t.name));
    const missing: TableDefinition[] = TABLES.filter(
      (t) => !columns.has(t.name) && !t.neverCreate && !(t.optional && hasSessions),
    );
    for (const table of missing) {
      for (const statement of table.create) await sql.raw(statement).execute(trx);
    }
    const incompatible = problemsOf(columns).filter((p) => p.missingColumns.length > 0);
    return { created: missing.map((t) => t.name), incompatible };
  });
}
