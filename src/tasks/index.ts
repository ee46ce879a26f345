/** Our handlers for every operation of openapi/background-task.yaml, keyed by operationId. */
import type { OperationHandlers, OperationId } from '../../generated/operations.js';
import type { RequestContext } from '../http/context.js';
import { backgroundTaskFailedDestroy, backgroundTaskFailedList } from './failed.js';
import { backgroundTaskRetrieve } from './overview.js';
import { backgroundTaskPendingDestroy, backgroundTaskPendingList } from './pending.js';
import { backgroundTaskScheduledList } from './scheduled.js';

export const taskHandlers: Pick<OperationHandlers<RequestContext>, Extract<OperationId, `background_task_${string}`>> = {
  background_task_retrieve: backgroundTaskRetrieve,
  background_task_pending_list: backgroundTaskPendingList,
  background_task_pending_destroy: backgroundTaskPendingDestroy,
  background_task_scheduled_list: backgroundTaskScheduledList,
  background_task_failed_list: backgroundTaskFailedList,
  background_task_failed_destroy: backgroundTaskFailedDestroy,
};
