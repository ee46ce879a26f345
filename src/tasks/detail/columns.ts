/**
 * Columns only django-q2 has (django_q_task.cluster, from its migration
 * 0017; django_q_schedule.intended_date_kwarg, 0016): a django-q 1.x
 * database lacks them, and selecting a missing column is an error. Looked
 * up once per database handle; a failed lookup is retried next time.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

const known = new WeakMap<Kysely<Database>, Promise<Set<string>>>();

/** "table.column" names present among the optional ones. */
export function optionalColumns(db: Kysely<Database>): Promise<Set<string>> {
  let found = known.get(db);
  if (!found) {
    found = sql<{ name: string }>`
      SELECT table_name || '.' || column_name AS name
      FROM information_schema.columns
      WHERE table_schema = current_schema()
        AND ((table_name = 'django_q_task' AND column_name = 'cluster')
          OR (table_name = 'django_q_schedule' AND column_name = 'intended_date_kwarg'))
    `
      .execute(db)
      .then(({ rows }) => new Set(rows.map((r) => r.name)));
    found.catch(() => known.delete(db));
    known.set(db, found);
  }
  return found;
}

/**
 * The django_q_schedule columns django-q's scheduler reads (alias `s`), as
 * the schedule detail and the actions (run, pause, resume) select them:
 * `next_run` also in microseconds for the scheduler arithmetic, and
 * `intended_date_kwarg` NULL on a django-q 1.x table that lacks it.
 */
export function schedulerColumns(intendedDateKwarg: boolean) {
  return [
    's.id',
    's.name',
    's.func',
    's.hook',
    's.args',
    's.kwargs',
    's.schedule_type',
    's.minutes',
    's.cron',
    's.repeats',
    's.cluster',
    sql<string | null>`(extract(epoch FROM s.next_run) * 1000000)::bigint::text`.as('next_run_us'),
    intendedDateKwarg ? sql<string | null>`s.intended_date_kwarg`.as('intended_date_kwarg') : sql<string | null>`NULL::text`.as('intended_date_kwarg'),
  ] as const;
}
