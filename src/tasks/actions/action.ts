/**
 * What every write through the API shares, in one place: the read-only rule
 * (READ_ONLY=true → 403 before anything is touched; a database that refuses
 * the write → 403 saying so), one transaction for the work and its audit row
 * (bgtasks_audit when it exists), one log line per write whatever happens to
 * the table, and the "find it or 404" row lookups, locked FOR UPDATE so that
 * concurrent actions on the same rows serialise.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { RequestContext } from '../../context.js';
import type { Database } from '../../db/schema.js';
import { ApiError } from '../../http/errors.js';
import { assertWritable, guardedWrite } from '../../http/read-only.js';
import { djangoQFlavor } from '../broker-lock.js';
import { schedulerColumns } from '../detail/columns.js';
import { notFoundDetail, rowId } from '../detail/ids.js';
import { hasSidecarTable, requireSidecarTable } from './sidecar.js';

export type AuditAction = 'delete' | 'retry' | 'run' | 'pause' | 'resume';

export interface AuditEntry {
  action: AuditAction;
  /** Which list the ids belong to: pending, failed, scheduled. */
  target: string;
  /** The ids acted on (as text). */
  ids: string[];
  count: number;
  /** Anything else worth keeping (the new task ids of a retry, a bulk selector's filters). */
  detail?: unknown;
}

export interface ActionResult<S extends number, B> {
  status: S;
  body: B;
  audit: AuditEntry;
}

/** Ids kept in one audit row / log line; the count is always exact. */
const AUDIT_IDS = 1000;

/** Inserts the audit row, in the caller's transaction, when the sidecar table exists. */
export async function recordAudit(trx: Kysely<Database>, context: RequestContext, entry: AuditEntry): Promise<void> {
  if (!(await hasSidecarTable(trx, 'bgtasks_audit'))) return;
  await trx
    .insertInto('bgtasks_audit')
    .values({
      username: context.user.username,
      action: entry.action,
      target: entry.target,
      ids: JSON.stringify(entry.ids.slice(0, AUDIT_IDS)),
      count: entry.count,
      address: context.request.ip ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .execute();
}

/** The one log line of a write (also when bgtasks_audit does not exist). */
export function logAudit(context: RequestContext, entry: AuditEntry): void {
  context.request.log.info(
    {
      audit: entry.action,
      user: context.user.username,
      target: entry.target,
      ids: entry.ids.slice(0, 100),
      count: entry.count,
      address: context.request.ip,
      detail: entry.detail,
    },
    `${entry.action} on ${entry.target} by ${context.user.username}: ${entry.count}`,
  );
}

/**
 * Runs one action: refused under READ_ONLY, the work and its audit row in
 * one transaction, then the log line. `what` completes "…: <what>" in the
 * 403 a read-only database user gets.
 */
export async function runAction<S extends number, B>(
  context: RequestContext,
  what: string,
  work: (trx: Transaction<Database>) => Promise<ActionResult<S, B>>,
): Promise<{ status: S; body: B }> {
  const result = await guardedWrite(context.config, what, () =>
    context.db.transaction().execute(async (trx) => {
      const out = await work(trx);
      await recordAudit(trx, context, out.audit);
      return out;
    }),
  );
  context.counts.invalidate();
  logAudit(context, result.audit);
  return { status: result.status, body: result.body };
}

/** The database clock in microseconds (what django-q's `timezone.now()` would read on that server). */
export async function databaseNowMicros(trx: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ now_us: string }>`SELECT (extract(epoch FROM now()) * 1000000)::bigint::text AS now_us`.execute(trx);
  return Number(rows[0]?.now_us);
}

/** A timestamptz from microseconds since the epoch, exactly (no float seconds). */
export const microsToTimestamp = (us: number) => sql<Date>`(TIMESTAMPTZ 'epoch' + ${String(Math.trunc(us))}::bigint * INTERVAL '1 microsecond')`;

/** Signing needs SECRET_KEY: without it nothing can be enqueued that the cluster would accept. */
export function signingKey(context: RequestContext): string {
  const key = context.config.secretKey;
  if (!key) throw new ApiError(409, { detail: 'SECRET_KEY is not set: tasks cannot be signed for the cluster, so nothing can be enqueued.' });
  return key;
}

/** A schedule row, locked; 404 when there is none. */
export async function lockSchedule(trx: Kysely<Database>, id: string, columns: { intendedDateKwarg: boolean }) {
  const row = await trx
    .selectFrom('django_q_schedule as s')
    .select(schedulerColumns(columns.intendedDateKwarg))
    .where('s.id', '=', sql<number>`${id}::bigint`)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFoundDetail();
  return row;
}

export type LockedSchedule = Awaited<ReturnType<typeof lockSchedule>>;

/**
 * Pause and resume alike: refused under READ_ONLY, 409 without the pause
 * table (naming the command), then in one action the schedule and its
 * pause row (if any) locked before `work` decides.
 */
export async function schedulePauseAction<S extends number, B>(
  context: RequestContext,
  rawId: string,
  text: { doing: string; notDone: string },
  work: (trx: Transaction<Database>, s: LockedSchedule, kept: { repeats: number } | undefined, flavor: 'django-q2' | 'django-q') => Promise<ActionResult<S, B>>,
): Promise<{ status: S; body: B }> {
  assertWritable(context.config);
  const id = rowId(rawId);
  await requireSidecarTable(context.db, 'bgtasks_schedule_pause', text.doing);
  return runAction(context, text.notDone, async (trx) => {
    const { flavor, intendedDateKwarg } = await djangoQFlavor(trx);
    const s = await lockSchedule(trx, id, { intendedDateKwarg });
    const kept = await trx.selectFrom('bgtasks_schedule_pause').select('repeats').where('schedule_id', '=', s.id).forUpdate().executeTakeFirst();
    return work(trx, s, kept, flavor);
  });
}

/** The ORM broker's INSERT of one package. */
export async function insertPackage(trx: Kysely<Database>, ormq: { key: string; payload: string; lock: number }): Promise<void> {
  await trx.insertInto('django_q_ormq').values({ key: ormq.key, payload: ormq.payload, lock: microsToTimestamp(ormq.lock) }).execute();
}
