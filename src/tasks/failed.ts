/**
 * GET and DELETE /api/background-task/failed/ — django_q_task rows with
 * success = false (django-q's Failure proxy model); InvenTree's
 * FailedTaskList. The list is declared with the succeeded one (task-list.ts).
 */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import { bulkDelete } from './bulk-delete.js';
import { taskListHandler } from './task-list.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskFailedList = taskListHandler({ success: false, group: false }) satisfies Handlers['background_task_failed_list'];

export const backgroundTaskFailedDestroy: Handlers['background_task_failed_destroy'] = async ({ body, context }) =>
  bulkDelete(context, body, 'failed');
