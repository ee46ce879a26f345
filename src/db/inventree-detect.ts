/**
 * Whether a database is a real InvenTree's: tables of InvenTree's own apps
 * (parts, stock, settings, plugins), which `bgtasks migrate` never creates —
 * it creates only django-q's and the auth tables, which any django-q
 * database may have. A live InvenTree means a live django-q cluster reading
 * the same django_q_ormq and django_q_schedule: anything written there runs.
 *
 * (The fidelity branch's start-up table check may grow the same knowledge;
 * at merge time the two fold into one.)
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** Tables every InvenTree 0.15 database has and no plain django-q database does. */
export const INVENTREE_APP_TABLES = [
  'part_part',
  'stock_stockitem',
  'common_inventreesetting',
  'build_build',
  'order_purchaseorder',
  'plugin_pluginconfig',
] as const;

/** The InvenTree application tables present in the connection's current schema. */
export async function inventreeTablesPresent(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_name = ANY(${[...INVENTREE_APP_TABLES]})
     ORDER BY table_name`.execute(db);
  return rows.map((r) => r.table_name);
}
