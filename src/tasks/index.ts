// src/tasks/ owns InvenTree's background-task API: the overview, the declared lists, bulk delete, and their counts.
/** Our handlers for every operation of openapi/background-task.yaml, keyed by operationId. */
import type { OperationHandlers, OperationId } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import type { ViewDescription } from '../http/method-routes.js';
import {
  backgroundTaskFailedRetrieve,
  backgroundTaskPendingRetrieve,
  backgroundTaskScheduledRetrieve,
  backgroundTaskStatusRetrieve,
  backgroundTaskSucceededRetrieve,
} from './detail/index.js';
import { actionHandlers, actionViews } from './actions/index.js';
import { analyticsHandlers, analyticsViews } from './analytics/index.js';
import { backgroundTaskFailedDestroy, backgroundTaskFailedList } from './failed.js';
import { backgroundTaskRetrieve } from './overview.js';
import { backgroundTaskPendingDestroy, backgroundTaskPendingList } from './pending.js';
import { backgroundTaskScheduledList } from './scheduled.js';
import { backgroundTaskSucceededList } from './succeeded.js';

export const taskHandlers: Pick<OperationHandlers<RequestContext>, Extract<OperationId, `background_task_${string}`>> = {
  background_task_retrieve: backgroundTaskRetrieve,
  background_task_pending_list: backgroundTaskPendingList,
  background_task_pending_destroy: backgroundTaskPendingDestroy,
  background_task_scheduled_list: backgroundTaskScheduledList,
  background_task_failed_list: backgroundTaskFailedList,
  background_task_failed_destroy: backgroundTaskFailedDestroy,
  background_task_status_retrieve: backgroundTaskStatusRetrieve,
  background_task_pending_retrieve: backgroundTaskPendingRetrieve,
  background_task_failed_retrieve: backgroundTaskFailedRetrieve,
  background_task_succeeded_list: backgroundTaskSucceededList,
  background_task_succeeded_retrieve: backgroundTaskSucceededRetrieve,
  background_task_scheduled_retrieve: backgroundTaskScheduledRetrieve,
  ...actionHandlers,
  ...analyticsHandlers,
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
  '/api/background-task/{task_id}/': {
    name: 'Background Task Detail',
    description: 'Fetch information regarding a particular background task ID.',
  },
  '/api/background-task/succeeded/': {
    name: 'Succeeded Task List',
    description: 'Provides a read-only list of successfully completed tasks.',
  },
  '/api/background-task/pending/{id}/': { name: 'Pending Task Detail', description: 'One pending task, its payload decoded.' },
  '/api/background-task/failed/{id}/': { name: 'Failed Task Detail', description: 'One failed task, every column decoded.' },
  '/api/background-task/succeeded/{id}/': { name: 'Succeeded Task Detail', description: 'One successful task, every column decoded.' },
  '/api/background-task/scheduled/{id}/': { name: 'Scheduled Task Detail', description: 'One schedule with its next runs and history.' },
  ...actionViews,
  ...analyticsViews,
};
