/**
 * GENERATED FILE — DO NOT EDIT.
 * Source: openapi/background-task.yaml. Regenerate with `npm run generate`;
 * `npm run check` fails when this file and the document disagree.
 */

import type { operations } from './openapi.js';

/** A JSON array produced row by row (the unpaginated lists), never held in memory at once. */
export interface StreamedArray<T> {
  readonly kind: 'streamed-array';
  readonly items: AsyncIterable<T>;
}

/** A paginated page whose `results` are produced row by row (large pages), never held in memory at once. */
export interface StreamedPage<T> {
  readonly kind: 'streamed-page';
  readonly count: number;
  readonly next: string | null;
  readonly previous: string | null;
  readonly results: AsyncIterable<T>;
}

/** Array bodies and paginated pages, for responses that may be streamed. */
type Streamable<B> =
  | B
  | (B extends ReadonlyArray<infer T> ? StreamedArray<T> : never)
  | (B extends { results: ReadonlyArray<infer T> } ? StreamedPage<T> : never);

/** How an operation is bound: its method, document path, Fastify route, and whether it takes a body. */
export interface OperationRouting {
  readonly method: string;
  readonly path: string;
  readonly route: string;
  readonly hasBody: boolean;
}

/** GET /api/background-task/audit/ — The audit trail of writes through this API (bulk DELETE, retry, run, pause, resume): */
export interface BackgroundTaskAuditListOperation {
  operationId: 'background_task_audit_list';
  method: 'GET';
  path: '/api/background-task/audit/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { limit?: string | string[]; offset?: string | string[]; ordering?: string | string[]; user?: string | string[]; action?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_audit_list']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_audit_list']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_audit_list']['responses'][403]['content']['application/json'] }
    | { status: 409; body: operations['background_task_audit_list']['responses'][409]['content']['application/json'] }
    | { status: 429; body: operations['background_task_audit_list']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_audit_list']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_audit_list']['responses'][503]['content']['application/json'] };
}

/** DELETE /api/background-task/failed/ — Perform a DELETE operation against this list endpoint. */
export interface BackgroundTaskFailedDestroyOperation {
  operationId: 'background_task_failed_destroy';
  method: 'DELETE';
  path: '/api/background-task/failed/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  /** Parsed request body (application/json, application/x-www-form-urlencoded), unvalidated: its schema is
   *  operations['background_task_failed_destroy']['requestBody'], enforced by the handler with InvenTree's messages. */
  body: unknown;
  result:
    | { status: 204; body: undefined }
    | { status: 400; body: operations['background_task_failed_destroy']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_failed_destroy']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_failed_destroy']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_failed_destroy']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['background_task_failed_destroy']['responses'][406]['content']['application/json'] }
    | { status: 413; body: operations['background_task_failed_destroy']['responses'][413]['content']['application/json'] }
    | { status: 415; body: operations['background_task_failed_destroy']['responses'][415]['content']['application/json'] }
    | { status: 429; body: operations['background_task_failed_destroy']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_failed_destroy']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_failed_destroy']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/failed/groups/ — Failed tasks grouped by `func` and exception type (the type printed last in the */
export interface BackgroundTaskFailedGroupsListOperation {
  operationId: 'background_task_failed_groups_list';
  method: 'GET';
  path: '/api/background-task/failed/groups/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { limit?: string | string[]; offset?: string | string[]; ordering?: string | string[]; func?: string | string[]; group?: string | string[]; started_after?: string | string[]; started_before?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_failed_groups_list']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_failed_groups_list']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_failed_groups_list']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_failed_groups_list']['responses'][403]['content']['application/json'] }
    | { status: 429; body: operations['background_task_failed_groups_list']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_failed_groups_list']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_failed_groups_list']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/failed/ — Provides a read-only list of currently failed tasks. */
export interface BackgroundTaskFailedListOperation {
  operationId: 'background_task_failed_list';
  method: 'GET';
  path: '/api/background-task/failed/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { limit?: string | string[]; offset?: string | string[]; ordering?: string | string[]; search?: string | string[]; search_regex?: string | string[]; search_whole?: string | string[]; func?: string | string[]; group?: string | string[]; started_after?: string | string[]; started_before?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_failed_list']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_failed_list']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_failed_list']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_failed_list']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_failed_list']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['background_task_failed_list']['responses'][406]['content']['application/json'] }
    | { status: 429; body: operations['background_task_failed_list']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_failed_list']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_failed_list']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/failed/{id}/ — One failed task (a `django_q_task` row with `success = false`): every column, */
export interface BackgroundTaskFailedRetrieveOperation {
  operationId: 'background_task_failed_retrieve';
  method: 'GET';
  path: '/api/background-task/failed/{id}/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_failed_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_failed_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_failed_retrieve']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_failed_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 429; body: operations['background_task_failed_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_failed_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_failed_retrieve']['responses'][503]['content']['application/json'] };
}

/** POST /api/background-task/failed/retry/ — Retry failed tasks as django-q2's admin action `resubmit_task` does: for each selected */
export interface BackgroundTaskFailedRetryOperation {
  operationId: 'background_task_failed_retry';
  method: 'POST';
  path: '/api/background-task/failed/retry/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  /** Parsed request body (application/json, application/x-www-form-urlencoded), unvalidated: its schema is
   *  operations['background_task_failed_retry']['requestBody'], enforced by the handler with InvenTree's messages. */
  body: unknown;
  result:
    | { status: 200; body: Streamable<operations['background_task_failed_retry']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_failed_retry']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_failed_retry']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_failed_retry']['responses'][403]['content']['application/json'] }
    | { status: 409; body: operations['background_task_failed_retry']['responses'][409]['content']['application/json'] }
    | { status: 413; body: operations['background_task_failed_retry']['responses'][413]['content']['application/json'] }
    | { status: 415; body: operations['background_task_failed_retry']['responses'][415]['content']['application/json'] }
    | { status: 429; body: operations['background_task_failed_retry']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_failed_retry']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_failed_retry']['responses'][503]['content']['application/json'] };
}

/** POST /api/background-task/failed/{id}/retry/ — Retry one failed task (as `failed/retry/` does for a selection). 404 when no failed task has this id. Extension. */
export interface BackgroundTaskFailedRetryOneOperation {
  operationId: 'background_task_failed_retry_one';
  method: 'POST';
  path: '/api/background-task/failed/{id}/retry/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_failed_retry_one']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_failed_retry_one']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_failed_retry_one']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_failed_retry_one']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_failed_retry_one']['responses'][404]['content']['application/json'] }
    | { status: 409; body: operations['background_task_failed_retry_one']['responses'][409]['content']['application/json'] }
    | { status: 429; body: operations['background_task_failed_retry_one']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_failed_retry_one']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_failed_retry_one']['responses'][503]['content']['application/json'] };
}

/** DELETE /api/background-task/pending/ — Perform a DELETE operation against this list endpoint. */
export interface BackgroundTaskPendingDestroyOperation {
  operationId: 'background_task_pending_destroy';
  method: 'DELETE';
  path: '/api/background-task/pending/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  /** Parsed request body (application/json, application/x-www-form-urlencoded), unvalidated: its schema is
   *  operations['background_task_pending_destroy']['requestBody'], enforced by the handler with InvenTree's messages. */
  body: unknown;
  result:
    | { status: 204; body: undefined }
    | { status: 400; body: operations['background_task_pending_destroy']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_pending_destroy']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_pending_destroy']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_pending_destroy']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['background_task_pending_destroy']['responses'][406]['content']['application/json'] }
    | { status: 413; body: operations['background_task_pending_destroy']['responses'][413]['content']['application/json'] }
    | { status: 415; body: operations['background_task_pending_destroy']['responses'][415]['content']['application/json'] }
    | { status: 429; body: operations['background_task_pending_destroy']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_pending_destroy']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_pending_destroy']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/pending/ — Provides a read-only list of currently pending tasks. */
export interface BackgroundTaskPendingListOperation {
  operationId: 'background_task_pending_list';
  method: 'GET';
  path: '/api/background-task/pending/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { limit?: string | string[]; offset?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_pending_list']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_pending_list']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_pending_list']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_pending_list']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['background_task_pending_list']['responses'][406]['content']['application/json'] }
    | { status: 429; body: operations['background_task_pending_list']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_pending_list']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_pending_list']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/pending/{id}/ — One pending task (a row of `django_q_ormq`) with its whole signed payload decoded: */
export interface BackgroundTaskPendingRetrieveOperation {
  operationId: 'background_task_pending_retrieve';
  method: 'GET';
  path: '/api/background-task/pending/{id}/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_pending_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_pending_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_pending_retrieve']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_pending_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 429; body: operations['background_task_pending_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_pending_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_pending_retrieve']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/ — Return information about the current status of the background task queue. */
export interface BackgroundTaskRetrieveOperation {
  operationId: 'background_task_retrieve';
  method: 'GET';
  path: '/api/background-task/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_retrieve']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['background_task_retrieve']['responses'][406]['content']['application/json'] }
    | { status: 429; body: operations['background_task_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_retrieve']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/scheduled/ — Provides a read-only list of currently scheduled tasks. */
export interface BackgroundTaskScheduledListOperation {
  operationId: 'background_task_scheduled_list';
  method: 'GET';
  path: '/api/background-task/scheduled/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { limit?: string | string[]; offset?: string | string[]; ordering?: string | string[]; search?: string | string[]; search_regex?: string | string[]; search_whole?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_scheduled_list']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_scheduled_list']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_scheduled_list']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_scheduled_list']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_scheduled_list']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['background_task_scheduled_list']['responses'][406]['content']['application/json'] }
    | { status: 429; body: operations['background_task_scheduled_list']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_scheduled_list']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_scheduled_list']['responses'][503]['content']['application/json'] };
}

/** POST /api/background-task/scheduled/{id}/pause/ — Pause a schedule: `repeats` becomes 0 (django-q's scheduler skips those), the previous */
export interface BackgroundTaskScheduledPauseOperation {
  operationId: 'background_task_scheduled_pause';
  method: 'POST';
  path: '/api/background-task/scheduled/{id}/pause/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_scheduled_pause']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_scheduled_pause']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_scheduled_pause']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_scheduled_pause']['responses'][404]['content']['application/json'] }
    | { status: 409; body: operations['background_task_scheduled_pause']['responses'][409]['content']['application/json'] }
    | { status: 429; body: operations['background_task_scheduled_pause']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_scheduled_pause']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_scheduled_pause']['responses'][503]['content']['application/json'] };
}

/** POST /api/background-task/scheduled/{id}/resume/ — Resume a paused schedule: its `repeats` restored and `next_run` moved to the next future */
export interface BackgroundTaskScheduledResumeOperation {
  operationId: 'background_task_scheduled_resume';
  method: 'POST';
  path: '/api/background-task/scheduled/{id}/resume/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_scheduled_resume']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_scheduled_resume']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_scheduled_resume']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_scheduled_resume']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_scheduled_resume']['responses'][404]['content']['application/json'] }
    | { status: 409; body: operations['background_task_scheduled_resume']['responses'][409]['content']['application/json'] }
    | { status: 429; body: operations['background_task_scheduled_resume']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_scheduled_resume']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_scheduled_resume']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/scheduled/{id}/ — One schedule (a row of `django_q_schedule`): every column, the schedule type in */
export interface BackgroundTaskScheduledRetrieveOperation {
  operationId: 'background_task_scheduled_retrieve';
  method: 'GET';
  path: '/api/background-task/scheduled/{id}/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_scheduled_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_scheduled_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_scheduled_retrieve']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_scheduled_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 429; body: operations['background_task_scheduled_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_scheduled_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_scheduled_retrieve']['responses'][503]['content']['application/json'] };
}

/** POST /api/background-task/scheduled/{id}/run/ — Enqueue the schedule's task now, exactly as django-q's scheduler does when the schedule */
export interface BackgroundTaskScheduledRunOperation {
  operationId: 'background_task_scheduled_run';
  method: 'POST';
  path: '/api/background-task/scheduled/{id}/run/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 202; body: operations['background_task_scheduled_run']['responses'][202]['content']['application/json'] }
    | { status: 400; body: operations['background_task_scheduled_run']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_scheduled_run']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_scheduled_run']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_scheduled_run']['responses'][404]['content']['application/json'] }
    | { status: 409; body: operations['background_task_scheduled_run']['responses'][409]['content']['application/json'] }
    | { status: 429; body: operations['background_task_scheduled_run']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_scheduled_run']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_scheduled_run']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/stats/ — Throughput and failure rate over a window ending now (database clock): finished */
export interface BackgroundTaskStatsRetrieveOperation {
  operationId: 'background_task_stats_retrieve';
  method: 'GET';
  path: '/api/background-task/stats/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { window?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_stats_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_stats_retrieve']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_stats_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_stats_retrieve']['responses'][403]['content']['application/json'] }
    | { status: 429; body: operations['background_task_stats_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_stats_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_stats_retrieve']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/{task_id}/ — Fetch information regarding a particular background task ID (current InvenTree, */
export interface BackgroundTaskStatusRetrieveOperation {
  operationId: 'background_task_status_retrieve';
  method: 'GET';
  path: '/api/background-task/{task_id}/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { task_id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_status_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_status_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 404; body: operations['background_task_status_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 429; body: operations['background_task_status_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_status_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_status_retrieve']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/succeeded/ — Successful tasks (`django_q_task` rows with `success = true`; django-q keeps the */
export interface BackgroundTaskSucceededListOperation {
  operationId: 'background_task_succeeded_list';
  method: 'GET';
  path: '/api/background-task/succeeded/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { limit?: string | string[]; offset?: string | string[]; ordering?: string | string[]; search?: string | string[]; search_regex?: string | string[]; search_whole?: string | string[]; func?: string | string[]; group?: string | string[]; started_after?: string | string[]; started_before?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_succeeded_list']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['background_task_succeeded_list']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['background_task_succeeded_list']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_succeeded_list']['responses'][403]['content']['application/json'] }
    | { status: 429; body: operations['background_task_succeeded_list']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_succeeded_list']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_succeeded_list']['responses'][503]['content']['application/json'] };
}

/** GET /api/background-task/succeeded/{id}/ — One successful task (a `django_q_task` row with `success = true`), every column decoded. Extension. */
export interface BackgroundTaskSucceededRetrieveOperation {
  operationId: 'background_task_succeeded_retrieve';
  method: 'GET';
  path: '/api/background-task/succeeded/{id}/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: { id: string; };
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['background_task_succeeded_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['background_task_succeeded_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['background_task_succeeded_retrieve']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['background_task_succeeded_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 429; body: operations['background_task_succeeded_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['background_task_succeeded_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['background_task_succeeded_retrieve']['responses'][503]['content']['application/json'] };
}

/** GET /api/ — Server information, as InvenTree 0.15's InfoView (a plain Django view, */
export interface InfoRetrieveOperation {
  operationId: 'info_retrieve';
  method: 'GET';
  path: '/api/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['info_retrieve']['responses'][200]['content']['application/json']>; renderer?: 'django-json' }
    | { status: 500; body: operations['info_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['info_retrieve']['responses'][503]['content']['application/json'] };
}

/** GET /api/user/me/ — Detail endpoint for current user (any authenticated user, not only staff). */
export interface UserMeRetrieveOperation {
  operationId: 'user_me_retrieve';
  method: 'GET';
  path: '/api/user/me/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: {};
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['user_me_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 401; body: operations['user_me_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 404; body: operations['user_me_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['user_me_retrieve']['responses'][406]['content']['application/json'] }
    | { status: 429; body: operations['user_me_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['user_me_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['user_me_retrieve']['responses'][503]['content']['application/json'] };
}

/** GET /api/user/token/ — Return an API token if the user is authenticated (InvenTree's GetAuthToken): */
export interface UserTokenRetrieveOperation {
  operationId: 'user_token_retrieve';
  method: 'GET';
  path: '/api/user/token/';
  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */
  query: { name?: string | string[]; };
  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */
  params: {};
  body: undefined;
  result:
    | { status: 200; body: Streamable<operations['user_token_retrieve']['responses'][200]['content']['application/json']> }
    | { status: 400; body: operations['user_token_retrieve']['responses'][400]['content']['application/json'] }
    | { status: 401; body: operations['user_token_retrieve']['responses'][401]['content']['application/json'] }
    | { status: 403; body: operations['user_token_retrieve']['responses'][403]['content']['application/json'] }
    | { status: 404; body: operations['user_token_retrieve']['responses'][404]['content']['application/json'] }
    | { status: 406; body: operations['user_token_retrieve']['responses'][406]['content']['application/json'] }
    | { status: 429; body: operations['user_token_retrieve']['responses'][429]['content']['application/json'] }
    | { status: 500; body: operations['user_token_retrieve']['responses'][500]['content']['application/json'] }
    | { status: 503; body: operations['user_token_retrieve']['responses'][503]['content']['application/json'] };
}

/** Every operation of the document, by operationId. */
export interface Operations {
  background_task_audit_list: BackgroundTaskAuditListOperation;
  background_task_failed_destroy: BackgroundTaskFailedDestroyOperation;
  background_task_failed_groups_list: BackgroundTaskFailedGroupsListOperation;
  background_task_failed_list: BackgroundTaskFailedListOperation;
  background_task_failed_retrieve: BackgroundTaskFailedRetrieveOperation;
  background_task_failed_retry: BackgroundTaskFailedRetryOperation;
  background_task_failed_retry_one: BackgroundTaskFailedRetryOneOperation;
  background_task_pending_destroy: BackgroundTaskPendingDestroyOperation;
  background_task_pending_list: BackgroundTaskPendingListOperation;
  background_task_pending_retrieve: BackgroundTaskPendingRetrieveOperation;
  background_task_retrieve: BackgroundTaskRetrieveOperation;
  background_task_scheduled_list: BackgroundTaskScheduledListOperation;
  background_task_scheduled_pause: BackgroundTaskScheduledPauseOperation;
  background_task_scheduled_resume: BackgroundTaskScheduledResumeOperation;
  background_task_scheduled_retrieve: BackgroundTaskScheduledRetrieveOperation;
  background_task_scheduled_run: BackgroundTaskScheduledRunOperation;
  background_task_stats_retrieve: BackgroundTaskStatsRetrieveOperation;
  background_task_status_retrieve: BackgroundTaskStatusRetrieveOperation;
  background_task_succeeded_list: BackgroundTaskSucceededListOperation;
  background_task_succeeded_retrieve: BackgroundTaskSucceededRetrieveOperation;
  info_retrieve: InfoRetrieveOperation;
  user_me_retrieve: UserMeRetrieveOperation;
  user_token_retrieve: UserTokenRetrieveOperation;
}

export type OperationId = keyof Operations;

/**
 * Routing facts of each operation, for registration checks and 405 handling:
 * `path` as the document writes it, `route` as Fastify binds it.
 */
export const OPERATIONS = {
  background_task_audit_list: { method: 'GET', path: '/api/background-task/audit/', route: '/api/background-task/audit/', hasBody: false },
  background_task_failed_destroy: { method: 'DELETE', path: '/api/background-task/failed/', route: '/api/background-task/failed/', hasBody: true },
  background_task_failed_groups_list: { method: 'GET', path: '/api/background-task/failed/groups/', route: '/api/background-task/failed/groups/', hasBody: false },
  background_task_failed_list: { method: 'GET', path: '/api/background-task/failed/', route: '/api/background-task/failed/', hasBody: false },
  background_task_failed_retrieve: { method: 'GET', path: '/api/background-task/failed/{id}/', route: '/api/background-task/failed/:id/', hasBody: false },
  background_task_failed_retry: { method: 'POST', path: '/api/background-task/failed/retry/', route: '/api/background-task/failed/retry/', hasBody: true },
  background_task_failed_retry_one: { method: 'POST', path: '/api/background-task/failed/{id}/retry/', route: '/api/background-task/failed/:id/retry/', hasBody: false },
  background_task_pending_destroy: { method: 'DELETE', path: '/api/background-task/pending/', route: '/api/background-task/pending/', hasBody: true },
  background_task_pending_list: { method: 'GET', path: '/api/background-task/pending/', route: '/api/background-task/pending/', hasBody: false },
  background_task_pending_retrieve: { method: 'GET', path: '/api/background-task/pending/{id}/', route: '/api/background-task/pending/:id(^[0-9]+$)/', hasBody: false },
  background_task_retrieve: { method: 'GET', path: '/api/background-task/', route: '/api/background-task/', hasBody: false },
  background_task_scheduled_list: { method: 'GET', path: '/api/background-task/scheduled/', route: '/api/background-task/scheduled/', hasBody: false },
  background_task_scheduled_pause: { method: 'POST', path: '/api/background-task/scheduled/{id}/pause/', route: '/api/background-task/scheduled/:id(^[0-9]+$)/pause/', hasBody: false },
  background_task_scheduled_resume: { method: 'POST', path: '/api/background-task/scheduled/{id}/resume/', route: '/api/background-task/scheduled/:id(^[0-9]+$)/resume/', hasBody: false },
  background_task_scheduled_retrieve: { method: 'GET', path: '/api/background-task/scheduled/{id}/', route: '/api/background-task/scheduled/:id(^[0-9]+$)/', hasBody: false },
  background_task_scheduled_run: { method: 'POST', path: '/api/background-task/scheduled/{id}/run/', route: '/api/background-task/scheduled/:id(^[0-9]+$)/run/', hasBody: false },
  background_task_stats_retrieve: { method: 'GET', path: '/api/background-task/stats/', route: '/api/background-task/stats/', hasBody: false },
  background_task_status_retrieve: { method: 'GET', path: '/api/background-task/{task_id}/', route: '/api/background-task/:task_id/', hasBody: false },
  background_task_succeeded_list: { method: 'GET', path: '/api/background-task/succeeded/', route: '/api/background-task/succeeded/', hasBody: false },
  background_task_succeeded_retrieve: { method: 'GET', path: '/api/background-task/succeeded/{id}/', route: '/api/background-task/succeeded/:id/', hasBody: false },
  info_retrieve: { method: 'GET', path: '/api/', route: '/api/', hasBody: false },
  user_me_retrieve: { method: 'GET', path: '/api/user/me/', route: '/api/user/me/', hasBody: false },
  user_token_retrieve: { method: 'GET', path: '/api/user/token/', route: '/api/user/token/', hasBody: false },
} as const satisfies Record<OperationId, OperationRouting>;

/** What a handler receives: the request context with raw query and path parameters, and the parsed body. */
export interface HandlerInput<Id extends OperationId, Ctx> {
  query: Operations[Id]['query'];
  params: Operations[Id]['params'];
  body: Operations[Id]['body'];
  context: Ctx;
}

/** The handlers the server needs: one per operationId, each returning a documented status and body. */
export type OperationHandlers<Ctx> = {
  [Id in OperationId]: (input: HandlerInput<Id, Ctx>) => Promise<Operations[Id]['result']>;
};
