/**
 * POST /api/background-task/scheduled/{id}/resume/ — the paused `repeats`
 * restored and next_run moved to the next future occurrence as django-q's
 * scheduler computes it (every schedule type, cron included), so the runs
 * missed while paused do not all fire at once. A Once schedule whose time
 * passed keeps its next_run: its one run is still due. When someone set
 * `repeats` while the schedule was paused, that value wins over ours.
 */
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { checkSchedule, nextFutureRun, ScheduleError } from '../../djangoq/index.js';
import { ApiError } from '../../http/errors.js';
import { formatInstant } from '../detail/instants.js';
import { databaseNowMicros, microsToTimestamp, schedulePauseAction } from './action.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskScheduledResume: Handlers['background_task_scheduled_resume'] = async ({ params, context }) =>
  schedulePauseAction(context, params.id, { doing: 'Resuming a schedule', notDone: 'the schedule was not resumed' }, async (trx, s, kept, flavor) => {
    if (!kept) throw new ApiError(409, { detail: `Schedule ${s.id} is not paused.` });
    const repeats = s.repeats === 0 ? kept.repeats : s.repeats;
    const stored = s.next_run_us === null ? null : Number(s.next_run_us);
    const timing = { schedule_type: s.schedule_type, minutes: s.minutes, cron: s.cron, next_run: stored, repeats };
    const schedulerConfig = { flavor, timeZone: context.config.timeZone };
    let next: number | null;
    try {
      checkSchedule(timing, schedulerConfig);
      next = nextFutureRun(timing, await databaseNowMicros(trx), schedulerConfig);
    } catch (e) {
      if (e instanceof ScheduleError) throw new ApiError(400, { detail: `Schedule ${s.id} cannot be resumed: ${e.message}.` });
      throw e;
    }
    const nextRun = next ?? stored;
    await trx
      .updateTable('django_q_schedule')
      .set({ repeats, ...(nextRun === null || nextRun === stored ? {} : { next_run: microsToTimestamp(nextRun) }) })
      .where('id', '=', s.id)
      .execute();
    await trx.deleteFrom('bgtasks_schedule_pause').where('schedule_id', '=', s.id).execute();
    return {
      status: 200 as const,
      body: { pk: s.id, paused: false, repeats, next_run: nextRun === null ? null : formatInstant(context.config, BigInt(nextRun)) },
      audit: { action: 'resume', target: 'scheduled', ids: [String(s.id)], count: 1, detail: { repeats, next_run_us: nextRun } },
    };
  });
