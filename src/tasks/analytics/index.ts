// src/tasks/analytics/ owns the read-only aggregates over django_q_task (extensions): failure groups, throughput and failure rate.
import type { ViewDescription } from '../../http/method-routes.js';
import { backgroundTaskFailedGroupsList } from './failure-groups.js';
import { backgroundTaskStatsRetrieve } from './stats.js';

export const analyticsHandlers = {
  background_task_failed_groups_list: backgroundTaskFailedGroupsList,
  background_task_stats_retrieve: backgroundTaskStatsRetrieve,
};

export const analyticsViews: Record<string, ViewDescription> = {
  '/api/background-task/failed/groups/': { name: 'Failure Groups', description: 'Failed tasks grouped by function and exception type.' },
  '/api/background-task/stats/': { name: 'Task Statistics', description: 'Finished tasks and failure rate per hour or six hours.' },
};
