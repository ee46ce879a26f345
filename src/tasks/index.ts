// src/tasks/ owns InvenTree's background-task API: the overview, the declared lists, bulk delete, and their counts.
/** Our handlers for every operation of openapi/background-task.yaml, keyed by operationId. */
import type { OperationHandlers, OperationId } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import type { ViewDescription } from '../http/method-routes.js';
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

/** InvenTree's view names and docstrings, which its OPTIONS metadata shows, per document path. */
export const taskViews: Record<string, ViewDescription> = {
  '/api/background-task/': {
    name: 'Background Task Overview',
    description: 'Provides an overview of the background task queue status.',
  },
  '/api/background-task/pending/': {
    name: 'Pending Task List',
    description: 'Provides a read-only list of currently pending tasks.',
  },
  '/api/background-task/scheduled/': {
    name: 'Scheduled Task List',
    description: 'Provides a read-only list of currently scheduled tasks.',
  },
  '/api/background-task/failed/': {
    name: 'Failed Task List',
    description: 'Provides a read-only list of currently failed tasks.',
  },
};
