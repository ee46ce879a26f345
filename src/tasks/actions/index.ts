// src/tasks/actions/ owns the writes beyond InvenTree's bulk DELETE (extensions): retry, run now, pause, resume, and the audit trail of every write.
import type { ViewDescription } from '../../http/method-routes.js';
import { backgroundTaskAuditList } from './audit.js';
import { backgroundTaskScheduledPause } from './pause.js';
import { backgroundTaskScheduledResume } from './resume.js';
import { backgroundTaskFailedRetry, backgroundTaskFailedRetryOne } from './retry.js';
import { backgroundTaskScheduledRun } from './run.js';

export { type AuditEntry, recordAudit } from './action.js';
export { ensureSidecarTables, hasSidecarTable, SIDECAR_COMMAND } from './sidecar.js';

export const actionHandlers = {
  background_task_failed_retry: backgroundTaskFailedRetry,
  background_task_failed_retry_one: backgroundTaskFailedRetryOne,
  background_task_scheduled_run: backgroundTaskScheduledRun,
  background_task_scheduled_pause: backgroundTaskScheduledPause,
  background_task_scheduled_resume: backgroundTaskScheduledResume,
  background_task_audit_list: backgroundTaskAuditList,
};

export const actionViews: Record<string, ViewDescription> = {
  '/api/background-task/failed/retry/': { name: 'Failed Task Retry', description: 'Retry failed tasks as django-q2 resubmit_task does.' },
  '/api/background-task/failed/{id}/retry/': { name: 'Failed Task Retry', description: 'Retry one failed task.' },
  '/api/background-task/scheduled/{id}/run/': { name: 'Scheduled Task Run', description: "Enqueue a schedule's task now, as the scheduler does." },
  '/api/background-task/scheduled/{id}/pause/': { name: 'Scheduled Task Pause', description: 'Pause a schedule.' },
  '/api/background-task/scheduled/{id}/resume/': { name: 'Scheduled Task Resume', description: 'Resume a paused schedule at its next future occurrence.' },
  '/api/background-task/audit/': { name: 'Audit Trail', description: 'Writes made through this API, newest first.' },
};
