/**
 * POST /api/background-task/scheduled/{id}/run/ — enqueue the schedule's task
 * now, exactly as django-q's scheduler does when the schedule is due (its
 * args/kwargs parsed as the scheduler parses them, q_options, the
 * intended-date kwarg, hook, cluster, the group defaulting to the name or
 * id), record the new id in the schedule's `task` column as the scheduler
 * does, and leave next_run and repeats alone. 202 {"task_id"}.
 */
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { checkSchedule, EnqueueError, enqueueSchedule, ScheduleError } from '../../djangoq/index.js';
import { ApiError } from '../../http/errors.js';
import { assertWritable } from '../../http/read-only.js';
import { rowId } from '../detail/ids.js';
import { djangoQFlavor } from '../broker-lock.js';
import { databaseNowMicros, insertPackage, lockSchedule, runAction, signingKey } from './action.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskScheduledRun: Handlers['background_task_scheduled_run'] = async ({ params, context }) => {
  assertWritable(context.config);
  const id = rowId(params.id);
  return runAction(context, 'the schedule was not run', async (trx) => {
    const { flavor, intendedDateKwarg } = await djangoQFlavor(trx);
    const s = await lockSchedule(trx, id, { intendedDateKwarg });
    const secretKey = signingKey(context);
    const nextRun = s.next_run_us === null ? null : Number(s.next_run_us);
    try {
      // The scheduler computes the next run before it enqueues: a schedule it cannot step creates no task.
      checkSchedule({ schedule_type: s.schedule_type, minutes: s.minutes, cron: s.cron, next_run: nextRun, repeats: s.repeats }, { flavor, timeZone: context.config.timeZone });
    } catch (e) {
      if (e instanceof ScheduleError) throw new ApiError(400, { detail: `Schedule ${id} cannot be run: ${e.message}.` });
      throw e;
    }
    const now = await databaseNowMicros(trx);
    let pkg: ReturnType<typeof enqueueSchedule>;
    try {
      pkg = enqueueSchedule(
        { id: s.id, name: s.name, func: s.func, hook: s.hook, args: s.args, kwargs: s.kwargs, next_run: nextRun, cluster: s.cluster, intended_date_kwarg: s.intended_date_kwarg },
        { flavor, clusterName: context.config.qClusterName, secretKey, now, useTz: true, timeZone: context.config.timeZone, retry: context.config.qRetrySeconds },
      );
    } catch (e) {
      if (e instanceof EnqueueError) {
        const why = e.reason === 'python-error' ? `django-q's scheduler would raise ${e.pythonName} (${e.message})` : `its arguments cannot be parsed faithfully (${e.message})`;
        throw new ApiError(400, { detail: `Schedule ${id} cannot be run: ${why}. Nothing was enqueued.` });
      }
      throw e;
    }
    await insertPackage(trx, pkg.ormq);
    await trx.updateTable('django_q_schedule').set({ task: pkg.id }).where('id', '=', s.id).execute();
    return {
      status: 202 as const,
      body: { task_id: pkg.id },
      audit: { action: 'run', target: 'scheduled', ids: [String(s.id)], count: 1, detail: { task_id: pkg.id } },
    };
  });
};
