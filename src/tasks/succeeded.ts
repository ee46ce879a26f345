/**
 * GET /api/background-task/succeeded/ — django_q_task rows with
 * success = true (django-q's Success proxy model), declared with the failed
 * list (task-list.ts), plus `group` (extension).
 */
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import { taskListHandler } from './task-list.js';

type Handlers = OperationHandlers<RequestContext>;

export const backgroundTaskSucceededList = taskListHandler({ success: true, group: true }) satisfies Handlers['background_task_succeeded_list'];
