/**
 * POST /api/background-task/scheduled/{id}/pause/ — `repeats = 0`, which
 * django-q's scheduler skips (`exclude(repeats=0)`), the previous value kept
 * in bgtasks_schedule_pause for resume. Pausing a paused schedule changes
 * nothing; a schedule with no runs left (repeats 0, not paused by us) is a
 * 409: there is nothing to pause and nothing resume could restore.
 */
import { sql } from 'kysely';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { ApiError } from '../../http/errors.js';
import { schedulePauseAction } from './action.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskScheduledPause: Handlers['background_task_scheduled_pause'] = async ({ params, context }) =>
  schedulePauseAction(context, params.id, { doing: 'Pausing a schedule', notDone: 'the schedule was not paused' }, async (trx, s, kept) => {
    const audit = { action: 'pause' as const, target: 'scheduled', ids: [String(s.id)], count: 1 };
    if (kept && s.repeats === 0) {
      return { status: 200 as const, body: { pk: s.id, paused: true, repeats: 0, paused_repeats: kept.repeats }, audit: { ...audit, count: 0 } };
    }
    if (s.repeats === 0) throw new ApiError(409, { detail: `Schedule ${s.id} has no runs left (repeats = 0): there is nothing to pause.` });
    // A pause row left from a schedule deleted and re-created under the same id is replaced.
    await sql`INSERT INTO bgtasks_schedule_pause (schedule_id, repeats, paused_by) VALUES (${s.id}, ${s.repeats}, ${context.user.username})
      ON CONFLICT (schedule_id) DO UPDATE SET repeats = EXCLUDED.repeats, paused_at = now(), paused_by = EXCLUDED.paused_by`.execute(trx);
    await trx.updateTable('django_q_schedule').set({ repeats: 0 }).where('id', '=', s.id).execute();
    return { status: 200 as const, body: { pk: s.id, paused: true, repeats: 0, paused_repeats: s.repeats }, audit: { ...audit, detail: { repeats: s.repeats } } };
  });
