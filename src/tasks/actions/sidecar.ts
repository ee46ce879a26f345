/**
 * Our own tables beside django-q's (never inside them): the previous
 * `repeats` of paused schedules and the audit trail. Created only by
 * `bgtasks migrate --sidecar`, which touches nothing else, so it is allowed
 * on an InvenTree database. No foreign key to django_q_schedule: adding one
 * would put a trigger on InvenTree's table; a pause row whose schedule was
 * deleted is simply ignored (and replaced if the id comes back).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ApiError } from '../../http/errors.js';

export type SidecarTable = 'bgtasks_schedule_pause' | 'bgtasks_audit';

export const SIDECAR_COMMAND = 'bgtasks migrate --sidecar';

const DDL: Record<SidecarTable, string[]> = {
  bgtasks_schedule_pause: [
    `CREATE TABLE IF NOT EXISTS bgtasks_schedule_pause (
      schedule_id integer PRIMARY KEY,
      repeats integer NOT NULL,
      paused_at timestamp with time zone NOT NULL DEFAULT now(),
      paused_by varchar(150)
    )`,
  ],
  bgtasks_audit: [
    `CREATE TABLE IF NOT EXISTS bgtasks_audit (
      id bigserial PRIMARY KEY,
      at timestamp with time zone NOT NULL DEFAULT now(),
      username varchar(150) NOT NULL,
      action varchar(32) NOT NULL,
      target varchar(32) NOT NULL,
      ids jsonb NOT NULL,
      count integer NOT NULL,
      address varchar(64),
      detail jsonb
    )`,
    'CREATE INDEX IF NOT EXISTS bgtasks_audit_at ON bgtasks_audit (at DESC, id DESC)',
    'CREATE INDEX IF NOT EXISTS bgtasks_audit_user ON bgtasks_audit (username, at DESC)',
  ],
};

/** Creates the sidecar tables that are missing; returns the ones it created. */
export async function ensureSidecarTables(db: Kysely<Database>): Promise<SidecarTable[]> {
  const created: SidecarTable[] = [];
  for (const table of Object.keys(DDL) as SidecarTable[]) {
    const existed = await hasSidecarTable(db, table);
    for (const statement of DDL[table]) await sql.raw(statement).execute(db);
    if (!existed) created.push(table);
  }
  return created;
}

/** Looked up on every use (one catalogue lookup): the command may be run while we serve. */
export async function hasSidecarTable(db: Kysely<Database>, table: SidecarTable): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS present`.execute(db);
  return rows[0]?.present === true;
}

/**
 * The schedules paused through this API (a row each in the pause table),
 * all of them or only `scheduleId`; none when the table does not exist.
 * The scheduled list and the schedule detail show them as `paused`.
 */
export async function pausedScheduleIds(db: Kysely<Database>, scheduleId?: number): Promise<Set<number>> {
  if (!(await hasSidecarTable(db, 'bgtasks_schedule_pause'))) return new Set();
  let query = db.selectFrom('bgtasks_schedule_pause').select('schedule_id');
  if (scheduleId !== undefined) query = query.where('schedule_id', '=', scheduleId);
  return new Set((await query.execute()).map((p) => p.schedule_id));
}

/** 409 naming the command that creates the table. */
export function sidecarMissing(table: SidecarTable, feature: string): ApiError {
  return new ApiError(409, { detail: `${feature} needs the table ${table}, which does not exist: run \`${SIDECAR_COMMAND}\`.` });
}

export async function requireSidecarTable(db: Kysely<Database>, table: SidecarTable, feature: string): Promise<void> {
  if (!(await hasSidecarTable(db, table))) throw sidecarMissing(table, feature);
}
