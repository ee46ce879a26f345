/**
 * Which django-q wrote the tables, and what its ORM broker's `lock` column
 * means (docs/formats.md §4). The two versions read the same column in
 * opposite ways:
 *
 * - django-q2 (InvenTree) enqueues with `lock = now`, takes rows whose lock
 *   has passed and claims them with `lock = now + retry`: a row is held while
 *   `lock > now` (its `lock_size`), until `lock`.
 * - django-q 1.3.9 enqueues with `lock = now - retry`, takes rows with
 *   `lock < now - retry` and claims them with `lock = now`: a row is held
 *   while `lock > now - retry` (its `lock_size`), until `lock + retry`.
 *
 * `retry` is Q_CLUSTER['retry'] (Q_RETRY_SECONDS).
 */
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { optionalColumns } from './detail/columns.js';

export type DjangoQFlavor = 'django-q2' | 'django-q';

/**
 * django-q2 has django_q_schedule.intended_date_kwarg, django-q 1.3.9 does
 * not; the scheduler's argument parsing, async_task's option keys and the
 * broker's lock differ between them.
 */
export async function djangoQFlavor(db: Kysely<Database>): Promise<{ flavor: DjangoQFlavor; taskCluster: boolean; intendedDateKwarg: boolean }> {
  const columns = await optionalColumns(db);
  const intendedDateKwarg = columns.has('django_q_schedule.intended_date_kwarg');
  return { flavor: intendedDateKwarg ? 'django-q2' : 'django-q', taskCluster: columns.has('django_q_task.cluster'), intendedDateKwarg };
}

/** Until when a claimed row is held (NULL for a NULL lock). */
export function heldUntil(flavor: DjangoQFlavor, retrySeconds: number, lock: Expression<Date | null>): RawBuilder<Date | null> {
  return flavor === 'django-q2' ? sql<Date | null>`${lock}` : sql<Date | null>`(${lock} + ${String(retrySeconds)}::int * INTERVAL '1 second')`;
}

/** The row is held by a worker (or waiting out a retry): the broker's `lock_size` condition. */
export function isHeld(flavor: DjangoQFlavor, retrySeconds: number, lock: Expression<Date | null>): RawBuilder<SqlBool> {
  return flavor === 'django-q2' ? sql<SqlBool>`${lock} > now()` : sql<SqlBool>`${lock} > now() - ${String(retrySeconds)}::int * INTERVAL '1 second'`;
}
