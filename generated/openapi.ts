/**
 * GENERATED FILE — DO NOT EDIT.
 * Source: openapi/background-task.yaml. Regenerate with `npm run generate`;
 * `npm run check` fails when this file and the document disagree.
 */
export interface paths {
    "/api/background-task/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Return information about the current status of the background task queue. */
        get: operations["background_task_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/events/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The queue overview as Server-Sent Events (`text/event-stream`): an `overview` event
         *     (data: an OverviewSnapshot) when the figures change, checked once per COUNTS_TTL_SECONDS
         *     for all listeners together; a comment line every 15 s as a heartbeat; `retry: 3000`.
         *     Event ids are `<boot>-<n>`: a client that reconnects with the latest id in
         *     `Last-Event-ID` receives nothing until the next change, any other id the current state
         *     at once. With `Accept: application/json` (and not `text/event-stream`) the current
         *     snapshot is answered once as JSON (a polling fallback). Same authentication and staff
         *     permission as the lists.
         */
        get: operations["background_task_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/pending/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Provides a read-only list of currently pending tasks. */
        get: operations["background_task_pending_list"];
        put?: never;
        post?: never;
        /**
         * @description Perform a DELETE operation against this list endpoint.
         *
         *     We expect a list of primary-key (ID) values to be supplied as a JSON object, e.g.
         *     {
         *         items: [4, 8, 15, 16, 23, 42]
         *     }
         */
        delete: operations["background_task_pending_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/scheduled/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Provides a read-only list of currently scheduled tasks. */
        get: operations["background_task_scheduled_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/failed/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Provides a read-only list of currently failed tasks. */
        get: operations["background_task_failed_list"];
        put?: never;
        post?: never;
        /**
         * @description Perform a DELETE operation against this list endpoint.
         *
         *     We expect a list of primary-key (ID) values to be supplied as a JSON object, e.g.
         *     {
         *         items: [4, 8, 15, 16, 23, 42]
         *     }
         */
        delete: operations["background_task_failed_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Server information, as InvenTree 0.15's InfoView (a plain Django view,
         *     absent from InvenTree's own schema) answers it. No authentication; a
         *     staff session, or an `Authorization: Token` header of an active token of
         *     a staff user, fills the staff-only keys, which are null otherwise. In
         *     `API_COMPAT=inventree` the body is Django's JsonResponse text (`", "` and
         *     `": "` separators, non-ASCII escaped); in `schema` mode it is compact and
         *     adds `service`.
         */
        get: operations["info_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user/me/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Detail endpoint for current user (any authenticated user, not only staff). */
        get: operations["user_me_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user/token/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Return an API token if the user is authenticated (InvenTree's GetAuthToken):
         *     the user's active token of that `name`, or a new one (`inv-<40 hex>-<YYYYMMDD>`,
         *     valid through today + 365 days in `TIME_ZONE`). With `READ_ONLY=true`, or a
         *     database user that may not write, no token is created: 403.
         */
        get: operations["user_token_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/pending/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description One pending task (a row of `django_q_ormq`) with its whole signed payload decoded:
         *     the fields the pending list shows, `args`/`kwargs` also as JSON where Python's
         *     `json.dumps` could write them, django-q's options (`hook`, `group`, `timeout`,
         *     `cluster`, any other key as a Python repr), the enqueue time, the signature's
         *     timestamp and state, and what the lock means. Extension: served with
         *     `API_COMPAT=schema` or `EXTENSIONS=on`.
         */
        get: operations["background_task_pending_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/failed/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description One failed task (a `django_q_task` row with `success = false`): every column,
         *     `args`/`kwargs`/`result` decoded (Python repr / str, and JSON where representable),
         *     the traceback split into exception type, message and frames. Extension.
         */
        get: operations["background_task_failed_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/succeeded/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Successful tasks (`django_q_task` rows with `success = true`; django-q keeps the
         *     latest `save_limit` of them), paginated, searched and ordered like the failed list.
         *     Extension.
         */
        get: operations["background_task_succeeded_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/succeeded/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One successful task (a `django_q_task` row with `success = true`), every column decoded. Extension. */
        get: operations["background_task_succeeded_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/scheduled/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description One schedule (a row of `django_q_schedule`): every column, the schedule type in
         *     words, repeats left, the outcome of the task it last spawned, the next run times
         *     computed as django-q's scheduler computes them, and the last 20 tasks it spawned.
         *     Extension.
         */
        get: operations["background_task_scheduled_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/{task_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Fetch information regarding a particular background task ID (current InvenTree,
         *     API 464+, `BackgroundTaskDetail`; InvenTree names it `background_task_retrieve`,
         *     which is the overview's operationId in API 198). Any authenticated user, not only
         *     staff. The HTTP status is the body's `http_status`: 200 when the task has a
         *     `django_q_task` row (`complete`, with its `success`) or is still in the queue
         *     (`pending`), 404 otherwise. `pending/`, `scheduled/`, `failed/` (and the extension
         *     routes) match first. InvenTree 0.15 (API 198) has no such route, so the `inventree`
         *     profile answers its catch-all 404 here unless EXTENSIONS=on; served with
         *     API_COMPAT=schema.
         */
        get: operations["background_task_status_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/failed/retry/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Retry failed tasks as django-q2's admin action `resubmit_task` does: for each selected
         *     failed task, a new task with the same func, args, kwargs, hook, group and cluster (a new
         *     id and name, the payload pickled and signed as `async_task` does) is queued in
         *     `django_q_ormq` as the ORM broker queues it, and the failed row is deleted — all in one
         *     transaction. The body selects as the bulk DELETE's does (`items` and/or `filters`, the
         *     same validation and messages). A task whose stored args/kwargs cannot be decoded
         *     faithfully is a 400 naming it, and nothing is retried. Extension.
         */
        post: operations["background_task_failed_retry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/failed/{id}/retry/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Retry one failed task (as `failed/retry/` does for a selection). 404 when no failed task has this id. Extension. */
        post: operations["background_task_failed_retry_one"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/scheduled/{id}/run/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Enqueue the schedule's task now, exactly as django-q's scheduler does when the schedule
         *     is due (args and kwargs parsed from their stored text as the scheduler parses them,
         *     q_options, intended_date_kwarg, hook, cluster, the group defaulting to the schedule's
         *     name or id), and record the new task id in the schedule's `task` column. `next_run`
         *     and `repeats` are left alone. 400 when the scheduler would raise on this schedule (no
         *     task would be created) or its arguments cannot be parsed faithfully. Extension.
         */
        post: operations["background_task_scheduled_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/scheduled/{id}/pause/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Pause a schedule: `repeats` becomes 0 (django-q's scheduler skips those), the previous
         *     value is kept in `bgtasks_schedule_pause` (created by `bgtasks migrate --sidecar`; 409
         *     naming the command when it is missing). Pausing a paused schedule changes nothing; a
         *     schedule with no runs left is a 409. Extension.
         */
        post: operations["background_task_scheduled_pause"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/scheduled/{id}/resume/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Resume a paused schedule: its `repeats` restored and `next_run` moved to the next future
         *     occurrence as django-q's scheduler computes it (cron included), so runs missed while
         *     paused do not fire at once. 409 when it is not paused or the sidecar table is missing;
         *     400 when the scheduler could not compute its next run (an unknown type, bad cron). Extension.
         */
        post: operations["background_task_scheduled_resume"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/audit/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The audit trail of writes through this API (bulk DELETE, retry, run, pause, resume):
         *     who, what, which ids and how many, when, from which address. Newest first, paginated
         *     like the task lists; `user` and `action` filter exactly. Needs `bgtasks_audit`
         *     (`bgtasks migrate --sidecar`; 409 naming the command when it is missing). Extension.
         */
        get: operations["background_task_audit_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/failed/groups/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Failed tasks grouped by `func` and exception type (the type printed last in the
         *     stored traceback of `result`), each with its count, first and last `stopped`, the
         *     latest failure's message and id. Groups are formed from the latest 10 000 failures
         *     (by `stopped`) that match the filters: pickles cannot be decoded in SQL, so the scan
         *     is bounded; `capped` says when older failures were left out, whose groups and counts
         *     are then missing. Default order `-count` (then `-last_seen`); `ordering` accepts
         *     `count`, `last_seen`, `first_seen`, `func`, `exception`, each optionally prefixed
         *     with `-`. Paginated when `limit` is a positive integer. A group's failures are the
         *     failed list filtered by `func` (which also holds the function's other exception
         *     types). Extension; docs/analytics.md.
         */
        get: operations["background_task_failed_groups_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/background-task/stats/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Throughput and failure rate over a window ending now (database clock): finished
         *     tasks (`django_q_task` rows) counted by `stopped` into UTC-aligned buckets — hourly
         *     for `24h` (24 buckets, the last one the current hour), 6-hourly for `7d` (28
         *     buckets). Only rows django-q still keeps are counted (successes beyond `save_limit`
         *     are gone). Extension; docs/analytics.md.
         */
        get: operations["background_task_stats_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        TaskOverview: {
            /** @description Boolean value to indicate if the background worker process is running. */
            is_running: boolean;
            /** @description Number of active background tasks */
            pending_tasks: number;
            /** @description Number of scheduled background tasks */
            scheduled_tasks: number;
            /** @description Number of failed background tasks */
            failed_tasks: number;
        };
        /** @description The dashboard's overview (extension). Computed with the database clock. */
        OverviewSnapshot: {
            /** @description As the overview's is_running (a task that succeeded started in the last 10 minutes). */
            is_running: boolean;
            running_reason: string;
            /**
             * Format: date-time
             * @description `stopped` of the latest successful task (UTC); null when none.
             */
            last_success: string | null;
            pending_tasks: number;
            /** @description Pending rows whose lock is not in the future. */
            pending_waiting: number;
            /** @description Pending rows locked until a future time (being worked on, or waiting for a retry). */
            pending_locked: number;
            scheduled_tasks: number;
            failed_tasks: number;
            /** @description How long the oldest waiting task has waited; 0 when none waits. */
            oldest_pending_age_seconds: number;
            finished_last_hour: {
                succeeded: number;
                failed: number;
                /** @description A count reached 10000 and was not counted further. */
                capped: boolean;
            };
        };
        /**
         * @description A row of `django_q_ormq`. `task_id`, `name`, `func`, `args` and `kwargs` come from
         *     the signed, pickled payload. A payload that fails to verify or decode gives
         *     `task_id` = `"*<ExceptionName>"` (e.g. `"*BadSignature"`) and null for the other four.
         */
        PendingTask: {
            /** ID */
            readonly pk: number;
            /** @description Name of the target cluster */
            key: string;
            /**
             * Format: date-time
             * @description Lock time
             */
            lock: string | null;
            /** @description Unique task ID (null only when the payload holds no id) */
            task_id: string | null;
            /** @description Task name */
            name: string | null;
            /** @description Function name */
            func: string | null;
            /** @description Task arguments */
            args: string | null;
            /** @description Task keyword arguments */
            kwargs: string | null;
        };
        ScheduledTask: {
            /** ID */
            readonly pk: number;
            name: string | null;
            /** @description e.g. module.tasks.function */
            func: string;
            /** @description e.g. 1, 2, 'John' */
            args: string | null;
            /** @description e.g. x=1, y=2, name='John' */
            kwargs: string | null;
            schedule_type: components["schemas"]["ScheduleTypeEnum"];
            /** @description n = n times, -1 = forever */
            repeats: number;
            /**
             * Format: date-time
             * @description Start (enqueue) time of the last task this schedule spawned; null when that task no longer exists.
             */
            last_run: string | null;
            /** Format: date-time */
            next_run: string | null;
            /** @description Outcome of the last task this schedule spawned; null when that task no longer exists. */
            success: boolean | null;
            readonly task: string | null;
            /** @description Extension (present when extensions are on): paused through this API (`repeats` is then 0; resume restores it). */
            paused?: boolean;
        };
        FailedTask: {
            /** @description The task's 32-character hexadecimal id. */
            readonly pk: string;
            readonly name: string;
            func: string;
            /** @description Python repr of the positional arguments (API_COMPAT=schema) or the stored base64 pickle (API_COMPAT=inventree). */
            readonly args: string | null;
            /** @description Python repr of the keyword arguments (API_COMPAT=schema) or the stored base64 pickle (API_COMPAT=inventree). */
            readonly kwargs: string | null;
            /** Format: date-time */
            readonly started: string;
            /** Format: date-time */
            readonly stopped: string;
            attempt_count: number;
            /** @description Python str() of the task's result; for a failure "<message> : Traceback …". */
            result: string | null;
        };
        PaginatedFailedTaskList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous: string | null;
            results: components["schemas"]["FailedTask"][];
        };
        /** @description Failures of one function with one exception type (extension). */
        FailureGroup: {
            /** @description The failed tasks' `func`. */
            func: string;
            /** @description The exception type printed last in the traceback (`ValueError`, `app.errors.Custom`); null when the result is not a traceback. */
            exception: string | null;
            /** @description str() of the latest failure's exception (the result's text when it is not a traceback), at most 1000 characters. */
            message: string;
            /** @description Failures in the group among those scanned. */
            count: number;
            /**
             * Format: date-time
             * @description The earliest `stopped` in the group among those scanned.
             */
            first_seen: string;
            /**
             * Format: date-time
             * @description The latest `stopped` in the group.
             */
            last_seen: string;
            /** @description The id (`pk`) of the group's latest failure. */
            latest_id: string;
        };
        PaginatedFailureGroupList: {
            /** @description Number of groups. */
            count: number;
            /** Format: uri */
            next: string | null;
            /** Format: uri */
            previous: string | null;
            /** @description Failures the groups were formed from (at most 10 000). */
            scanned: number;
            /** @description Older matching failures exist beyond those scanned; their groups and counts are missing. */
            capped: boolean;
            results: components["schemas"]["FailureGroup"][];
        };
        /** @description Finished tasks per time bucket (extension). */
        TaskStats: {
            /** @enum {string} */
            window: "24h" | "7d";
            /** @description 3600 for 24h, 21600 for 7d. */
            bucket_seconds: number;
            /**
             * Format: date-time
             * @description Start of the first bucket (inclusive).
             */
            start: string;
            /**
             * Format: date-time
             * @description End of the last bucket (exclusive).
             */
            end: string;
            /** @description Successes in the window. */
            succeeded: number;
            /** @description Failures in the window. */
            failed: number;
            /** @description failed / (succeeded + failed) in the window; null when nothing finished. */
            failure_rate: number | null;
            buckets: {
                /**
                 * Format: date-time
                 * @description The bucket covers [start, start + bucket_seconds).
                 */
                start: string;
                succeeded: number;
                failed: number;
                /** @description null when nothing finished in the bucket. */
                failure_rate: number | null;
            }[];
        };
        PaginatedPendingTaskList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous: string | null;
            results: components["schemas"]["PendingTask"][];
        };
        PaginatedScheduledTaskList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=400&limit=100
             */
            next: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?offset=200&limit=100
             */
            previous: string | null;
            results: components["schemas"]["ScheduledTask"][];
        };
        /**
         * @description Serializer for a background task detail (current InvenTree's `TaskDetail`).
         *     A finished task: `exists`, `complete`, `success` as stored, `pending` false. A queued
         *     (or running, or waiting for a retry) task: `exists` and `pending`, not `complete`,
         *     not `success`. Unknown: all false, `http_status` 404.
         */
        TaskDetail: {
            readonly task_id: string;
            readonly exists: boolean;
            readonly pending: boolean;
            readonly complete: boolean;
            readonly success: boolean;
            readonly http_status: number;
        };
        /**
         * @description A row of `django_q_ormq` with its payload decoded (extension). A payload that fails
         *     to verify or decode gives `task_id` = `"*<ExceptionName>"` as the list shows it, and
         *     null for every decoded field.
         */
        PendingTaskDetail: {
            pk: number;
            /** @description The queue (cluster) name. */
            key: string;
            /** Format: date-time */
            lock: string | null;
            /**
             * @description `locked`: a worker claimed the task and holds it until `locked_until` (django-q2's
             *     ORM broker writes `lock = now + retry` when it claims a task, and takes only rows
             *     whose lock has passed; django-q 1.3.9 writes `lock = now` and takes rows whose lock
             *     is older than `now - retry`, with `retry` = `Q_RETRY_SECONDS`); `waiting`: any
             *     worker may take it now.
             * @enum {string}
             */
            lock_state: "waiting" | "locked";
            /**
             * Format: date-time
             * @description When the claim ends, if that is in the future (database clock), else null: `lock` (django-q2), `lock` + `Q_RETRY_SECONDS` (django-q 1.3.9 tables).
             */
            locked_until: string | null;
            task_id: string | null;
            name: string | null;
            /** @description Dotted path, as the pending list shows it. */
            func: string | null;
            /** @description Python str() of the positional arguments (a tuple), as the list shows it. */
            args: string | null;
            /** @description Python str() of the keyword arguments (a dict). */
            kwargs: string | null;
            /** @description Any JSON value (no type), null when not representable. The positional arguments as a JSON array, when Python's json.dumps (allow_nan=False) could write them and every integer is within ±(2^53−1); else null. */
            args_json: unknown;
            /** @description The keyword arguments as a JSON object, under the same rule; else null. */
            kwargs_json: unknown;
            /** @description The `hook` option (dotted path). */
            hook: string | null;
            /** @description str() of the `group` option. */
            group: string | null;
            /** @description The `timeout` option in seconds. */
            timeout: number | null;
            /** @description The target `cluster` option. */
            cluster: string | null;
            /** @description Every other key of the task package (save, cached, sync, ack_failure, iter_count, chain, …) → Python repr of its value. */
            options: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @description The package's `started` (async_task's enqueue time); null when absent or not an aware datetime.
             */
            started: string | null;
            /**
             * Format: date-time
             * @description The signature's timestamp (when the package was signed), whole seconds.
             */
            enqueued: string | null;
            /**
             * @description `verified` with SECRET_KEY; `unverified` when no SECRET_KEY is configured; null when the payload did not decode.
             * @enum {string|null}
             */
            signature: "verified" | "unverified" | null;
        };
        /** @description Every column of a `django_q_task` row, decoded (extension). */
        TaskRecord: {
            /** @description The task's 32-character hexadecimal id. */
            pk: string;
            name: string;
            func: string;
            hook: string | null;
            group: string | null;
            /** @description django-q2's `cluster` column; null where the column does not exist (django-q 1.x). */
            cluster: string | null;
            /** @description Python repr of the positional arguments. */
            args: string | null;
            /** @description Python repr of the keyword arguments. */
            kwargs: string | null;
            /** @description The positional arguments as JSON where representable (see PendingTaskDetail.args_json). */
            args_json: unknown;
            /** @description The keyword arguments as JSON where representable. */
            kwargs_json: unknown;
            /** @description Python str() of the result, as the failed list shows it; for a failure "<message> : Traceback …". */
            result: string | null;
            /** @description Python repr() of the result. */
            result_repr: string | null;
            /** @description The result as JSON where representable; null also when the result is None. */
            result_json: unknown;
            /**
             * @description For a failure whose result is django-q's `"<str(exception)> : <traceback>"` text, the
             *     exception that failed the task, split: its type, message and frames (outermost call
             *     first), and the exceptions printed before it in the chain (`raise … from`, or raised
             *     while handling another). Null for a success, or a result that is not a traceback.
             */
            error: {
                /** @description The exception's printed class name, e.g. `ValueError`, `part.models.StockError`. */
                type: string | null;
                /** @description str() of the exception. */
                message: string;
                frames: components["schemas"]["TracebackFrame"][];
                /** @description Earlier exceptions of the chain, oldest first. */
                chain: {
                    type: string | null;
                    message: string;
                    /**
                     * @description How it leads to the next one; `cause` = `raise … from`, `context` = raised while handling it.
                     * @enum {string|null}
                     */
                    link: "cause" | "context" | null;
                    frames: components["schemas"]["TracebackFrame"][];
                }[];
            } | null;
            /**
             * Format: date-time
             * @description When the task was enqueued (django-q's `started`).
             */
            started: string;
            /** Format: date-time */
            stopped: string;
            /** @description stopped − started in seconds (includes the time spent waiting in the queue). */
            duration: number;
            attempt_count: number;
            success: boolean;
        };
        /** @description One frame of a printed Python traceback. */
        TracebackFrame: {
            file: string;
            line: number | null;
            function: string | null;
            /** @description The source line as printed; null when Python had none. */
            source: string | null;
            /** @description "[Previous line repeated N more times]": the frame recurs N more times. */
            repeated?: number;
        };
        /** @description A successful task in the list (extension); the failed list's fields plus `group`. */
        SucceededTask: {
            /** @description The task's 32-character hexadecimal id. */
            pk: string;
            name: string;
            func: string;
            group: string | null;
            /** @description Python repr of the positional arguments (API_COMPAT=schema) or the stored base64 pickle (API_COMPAT=inventree). */
            args: string | null;
            /** @description Python repr of the keyword arguments (API_COMPAT=schema) or the stored base64 pickle (API_COMPAT=inventree). */
            kwargs: string | null;
            /** Format: date-time */
            started: string;
            /** Format: date-time */
            stopped: string;
            attempt_count: number;
            /** @description Python str() of the task's result. */
            result: string | null;
        };
        PaginatedSucceededTaskList: {
            count: number;
            /** Format: uri */
            next: string | null;
            /** Format: uri */
            previous: string | null;
            results: components["schemas"]["SucceededTask"][];
        };
        /** @description A task a schedule spawned. */
        ScheduleRun: {
            pk: string;
            name: string;
            /** Format: date-time */
            started: string;
            /** Format: date-time */
            stopped: string;
            success: boolean;
            attempt_count: number;
        };
        /** @description Every column of a `django_q_schedule` row, with what the scheduler makes of it (extension). */
        ScheduledTaskDetail: {
            pk: number;
            /** @description Paused through this API (`repeats` is then 0; resume restores it). */
            paused: boolean;
            name: string | null;
            func: string;
            hook: string | null;
            /** @description As stored (Python literal text the scheduler passes to ast.literal_eval). */
            args: string | null;
            /** @description As stored (text the scheduler evaluates as `dict(<kwargs>)`). */
            kwargs: string | null;
            schedule_type: components["schemas"]["ScheduleTypeEnum"];
            /** @description The schedule type in words (Once, Minutes, Hourly, Daily, Weekly, Biweekly, Monthly, Bimonthly, Quarterly, Yearly, Cron); the stored code for an unknown one. */
            schedule_type_display: string;
            /** @description The interval of a Minutes schedule. */
            minutes: number | null;
            /** @description The cron expression of a Cron schedule. */
            cron: string | null;
            /** @description As stored (n = n more times, negative = forever). */
            repeats: number;
            /** @description How many more runs the scheduler will start; null = forever (negative `repeats`). */
            repeats_left: number | null;
            /** Format: date-time */
            next_run: string | null;
            /**
             * @description The next five values `next_run` takes if the cluster runs the schedule on time from
             *     now on, starting with the stored one, computed as django-q2's scheduler computes
             *     them (croniter for Cron, TIME_ZONE, catch_up on); fewer when repeats run out, empty
             *     when next_run is NULL or repeats is 0.
             */
            next_runs: string[];
            /** @description Why the next runs cannot be computed (an unknown schedule type, a cron expression croniter rejects, …); null otherwise. */
            next_runs_error: string | null;
            /** @description django-q2's `cluster` column; null where it does not exist. */
            cluster: string | null;
            /** @description django-q2's `intended_date_kwarg` column; null where it does not exist. */
            intended_date_kwarg: string | null;
            /** @description Id of the last task this schedule spawned. */
            task: string | null;
            /**
             * Format: date-time
             * @description Enqueue time of that task; null when it no longer exists.
             */
            last_run: string | null;
            /** @description Outcome of that task; null when it no longer exists. */
            success: boolean | null;
            /**
             * @description The latest 20 tasks this schedule spawned, newest first. django-q records no
             *     link from a task to its schedule besides `schedule.task`: a spawned task has the
             *     schedule's `func` and, as its `group`, the schedule's name (or its id when it has
             *     no name) unless the schedule's kwargs set a `q_options` group — those are the
             *     tasks listed.
             */
            runs: components["schemas"]["ScheduleRun"][];
        };
        /**
         * @description * `O` - Once
         *     * `I` - Minutes
         *     * `H` - Hourly
         *     * `D` - Daily
         *     * `W` - Weekly
         *     * `BW` - Biweekly
         *     * `M` - Monthly
         *     * `BM` - Bimonthly
         *     * `Q` - Quarterly
         *     * `Y` - Yearly
         *     * `C` - Cron
         * @enum {string}
         */
        ScheduleTypeEnum: "O" | "I" | "H" | "D" | "W" | "BW" | "M" | "BM" | "Q" | "Y" | "C";
        /** @description At least one of `items` and `filters` must be given and non-empty. */
        PendingTaskBulkDelete: {
            /** @description Ids (`pk`) of the pending tasks to delete. Unknown ids are ignored. */
            items?: number[];
            filters?: components["schemas"]["BulkDeleteFilters"];
        };
        /** @description At least one of `items` and `filters` must be given and non-empty. */
        FailedTaskBulkDelete: {
            /** @description Ids (`pk`, 32-character strings) of the failed tasks to delete. Unknown ids are ignored. */
            items?: string[];
            filters?: components["schemas"]["BulkDeleteFilters"];
        };
        /**
         * @description Django lookups on the table's own columns, e.g. `{"func__startswith": "part."}`.
         *     Lookups: exact, iexact, contains, icontains, startswith, istartswith, endswith,
         *     iendswith, in, gt, gte, lt, lte, isnull, range.
         */
        BulkDeleteFilters: {
            [key: string]: unknown;
        };
        /**
         * @description Field name (or `non_field_errors`, `detail`) → messages.
         * @example {
         *       "non_field_errors": [
         *         "List of items or filters must be provided for bulk deletion"
         *       ]
         *     }
         */
        ValidationError: {
            [key: string]: string[] | string;
        };
        /** @description InvenTree server information; the last five keys are null unless the request is a staff one. */
        InfoView: {
            /** @enum {string} */
            server: "InvenTree";
            /** @description The InvenTree version whose API this service speaks. */
            version: string;
            /** @description INSTANCE_NAME. */
            instance: string;
            apiVersion: number;
            worker_running: boolean;
            worker_pending_tasks: number;
            plugins_enabled: boolean;
            plugins_install_disabled: boolean;
            /** @description `false` when plugins are disabled (always, here); else the active plugins. */
            active_plugins: false | {
                name: string;
                slug: string;
                version: string | null;
            }[];
            email_configured: boolean;
            debug_mode: boolean;
            docker_mode: boolean;
            default_locale: string;
            system_health: boolean | null;
            database: string | null;
            platform: string | null;
            installer: string | null;
            target: string | null;
            /** @description `schema` mode only: this service and its version, e.g. `background-task-api 0.1.0`. */
            service?: string;
        };
        /** @description Serializer for a User with a bit more info. */
        ExendedUser: {
            pk: number;
            username: string;
            first_name: string;
            last_name: string;
            email: string;
            groups: components["schemas"]["Group"][];
            is_staff: boolean;
            is_superuser: boolean;
            is_active: boolean;
        };
        Group: {
            pk: number;
            name: string;
        };
        AuthToken: {
            token: string;
            name: string;
            /** Format: date */
            expiry: string;
        };
        RetryResult: {
            retried: number;
            tasks: {
                /** @description The failed task's id (its row is deleted). */
                failed: string;
                /** @description The new task's id (queued in django_q_ormq). */
                task_id: string;
            }[];
        };
        QueuedTask: {
            /** @description The new task's id (32 hexadecimal characters). */
            task_id: string;
        };
        SchedulePauseState: {
            pk: number;
            paused: boolean;
            /** @description The schedule's `repeats` now. */
            repeats: number;
            /** @description The value kept for resume (pause only). */
            paused_repeats?: number;
            /** @description The schedule's next run after resume. */
            next_run?: string | null;
        };
        AuditEntry: {
            pk: number;
            at: string;
            user: string;
            /** @enum {string} */
            action: "delete" | "retry" | "run" | "pause" | "resume";
            /** @description The list acted on: pending, failed, scheduled. */
            target: string;
            /** @description The ids acted on (at most 1000; `count` is exact). */
            ids: string[];
            count: number;
            address: string | null;
            /** @description What else the action recorded (new task ids, the filters of a bulk selection, a schedule's repeats). */
            detail: {
                [key: string]: unknown;
            } | null;
        };
        PaginatedAuditEntryList: {
            count: number;
            /** Format: uri */
            next: string | null;
            /** Format: uri */
            previous: string | null;
            results: components["schemas"]["AuditEntry"][];
        };
        ErrorDetail: {
            detail: string;
        };
        NotFound: {
            /** @example API endpoint not found */
            detail: string;
            /** Format: uri */
            url: string;
        };
        ServerError: {
            error: string;
            error_class: string;
            detail: string;
            path: string;
            status_code: number;
        };
    };
    responses: {
        /** @description No row with this id (DRF's NotFound). */
        NotFoundDetail: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /** @description The request was invalid; each key names what was wrong. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ValidationError"];
            };
        };
        /** @description Missing or invalid credentials. Carries `WWW-Authenticate`. */
        Unauthorized: {
            headers: {
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /** @description The action cannot be done in the current state (a sidecar table to create with the named command, a schedule not paused, SECRET_KEY not set). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /** @description Authenticated but not a staff user, or a session request failed its CSRF check. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /**
         * @description `?format=` names a format other than `json` (DRF's URL format override raises
         *     Http404 before authentication).
         */
        FormatNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /**
         * @description The `Accept` header allows no JSON (DRF's content negotiation, before
         *     authentication).
         */
        NotAcceptable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /** @description The request body is larger than the server accepts. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /** @description The request body's content type is not JSON or form-encoded. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /** @description Too many failed authentication attempts from this client; retry after `Retry-After` seconds. */
        TooManyRequests: {
            headers: {
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
        /** @description An unexpected error. No internals are disclosed. */
        ServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ServerError"];
            };
        };
        /** @description The database is unreachable, the server is shutting down, or too many password checks are already waiting (`AUTH_HASH_QUEUE`; then with `Retry-After`). */
        Unavailable: {
            headers: {
                /** @description Seconds to wait, when the password-check queue is full. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorDetail"];
            };
        };
    };
    parameters: {
        /** @description The row's primary key (ASCII digits; an id beyond PostgreSQL's bigint is a 404). */
        integer_id: number;
        /** @description The task's id (`django_q_task.id`, 32 hexadecimal characters). */
        task_id: string;
        /** @description Only tasks whose `func` is exactly this dotted path (extension; ignored when extensions are off). */
        func: string;
        /** @description Only tasks of this `group` (extension; ignored when extensions are off). */
        group: string;
        /** @description Only tasks enqueued (`started`) at or after this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
        started_after: string;
        /** @description Only tasks enqueued (`started`) at or before this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
        started_before: string;
        /** @description Number of results to return per page. */
        limit: number;
        /** @description The initial index from which to return the results. */
        offset: number;
        /** @description Which field to use when ordering the results. */
        ordering: string;
        /** @description A search term. */
        search: string;
        /** @description When truthy (1, y, yes, t, true, ok, on), each search term is a case-insensitive PostgreSQL regular expression. */
        search_regex: string;
        /** @description When truthy, each search term is wrapped in word boundaries (\y…\y); meaningful with search_regex. */
        search_whole: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    background_task_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queue overview. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskOverview"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_events: {
        parameters: {
            query?: never;
            header?: {
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream, or one snapshot as JSON. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                    "application/json": components["schemas"]["OverviewSnapshot"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_pending_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: components["parameters"]["limit"];
                /** @description The initial index from which to return the results. */
                offset?: components["parameters"]["offset"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description Pending tasks (rows of `django_q_ormq`), in id order. Paginated when
             *     `limit` is a positive integer, otherwise a plain array of every row.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedPendingTaskList"] | components["schemas"]["PendingTask"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_pending_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Which pending tasks to delete. `items` and `filters` are AND-ed. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PendingTaskBulkDelete"];
                "application/x-www-form-urlencoded": components["schemas"]["PendingTaskBulkDelete"];
            };
        };
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_scheduled_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: components["parameters"]["limit"];
                /** @description The initial index from which to return the results. */
                offset?: components["parameters"]["offset"];
                /** @description Which field to use when ordering the results. */
                ordering?: components["parameters"]["ordering"];
                /** @description A search term. */
                search?: components["parameters"]["search"];
                /** @description When truthy (1, y, yes, t, true, ok, on), each search term is a case-insensitive PostgreSQL regular expression. */
                search_regex?: components["parameters"]["search_regex"];
                /** @description When truthy, each search term is wrapped in word boundaries (\y…\y); meaningful with search_regex. */
                search_whole?: components["parameters"]["search_whole"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description Schedules (rows of `django_q_schedule`) with the start time and outcome
             *     of the task each one last spawned. Default order `next_run` (NULLs last);
             *     `ordering` accepts `pk`, `func`, `last_run`, `next_run`, each optionally
             *     prefixed with `-`. Paginated when `limit` is a positive integer.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedScheduledTaskList"] | components["schemas"]["ScheduledTask"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_failed_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: components["parameters"]["limit"];
                /** @description The initial index from which to return the results. */
                offset?: components["parameters"]["offset"];
                /** @description Which field to use when ordering the results. */
                ordering?: components["parameters"]["ordering"];
                /** @description A search term. */
                search?: components["parameters"]["search"];
                /** @description When truthy (1, y, yes, t, true, ok, on), each search term is a case-insensitive PostgreSQL regular expression. */
                search_regex?: components["parameters"]["search_regex"];
                /** @description When truthy, each search term is wrapped in word boundaries (\y…\y); meaningful with search_regex. */
                search_whole?: components["parameters"]["search_whole"];
                /** @description Only tasks whose `func` is exactly this dotted path (extension; ignored when extensions are off). */
                func?: components["parameters"]["func"];
                /** @description Only tasks of this `group` (extension; ignored when extensions are off). */
                group?: components["parameters"]["group"];
                /** @description Only tasks enqueued (`started`) at or after this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
                started_after?: components["parameters"]["started_after"];
                /** @description Only tasks enqueued (`started`) at or before this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
                started_before?: components["parameters"]["started_before"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description Failed tasks (`django_q_task` rows with `success = false`). Default order
             *     `-stopped`; `ordering` accepts `pk`, `func`, `started`, `stopped`, each
             *     optionally prefixed with `-`. Paginated when `limit` is a positive integer.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedFailedTaskList"] | components["schemas"]["FailedTask"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_failed_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Which failed tasks to delete. `items` and `filters` are AND-ed; only failed tasks are ever deleted. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["FailedTaskBulkDelete"];
                "application/x-www-form-urlencoded": components["schemas"]["FailedTaskBulkDelete"];
            };
        };
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    info_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Server information. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InfoView"];
                };
            };
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    user_me_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The authenticated user, as InvenTree's ExendedUserSerializer renders it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExendedUser"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    user_token_retrieve: {
        parameters: {
            query?: {
                /** @description Token name (stripped, control characters and spaces removed/replaced, at most 100 characters). */
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            /** @description The server is read-only (`READ_ONLY=true`) or its database user may not write. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorDetail"];
                };
            };
            404: components["responses"]["FormatNotFound"];
            406: components["responses"]["NotAcceptable"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_pending_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The row's primary key (ASCII digits; an id beyond PostgreSQL's bigint is a 404). */
                id: components["parameters"]["integer_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pending task. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PendingTaskDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_failed_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The task's id (`django_q_task.id`, 32 hexadecimal characters). */
                id: components["parameters"]["task_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failed task. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskRecord"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_succeeded_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: components["parameters"]["limit"];
                /** @description The initial index from which to return the results. */
                offset?: components["parameters"]["offset"];
                /** @description Which field to use when ordering the results. */
                ordering?: components["parameters"]["ordering"];
                /** @description A search term. */
                search?: components["parameters"]["search"];
                /** @description When truthy (1, y, yes, t, true, ok, on), each search term is a case-insensitive PostgreSQL regular expression. */
                search_regex?: components["parameters"]["search_regex"];
                /** @description When truthy, each search term is wrapped in word boundaries (\y…\y); meaningful with search_regex. */
                search_whole?: components["parameters"]["search_whole"];
                /** @description Only tasks whose `func` is exactly this dotted path (extension; ignored when extensions are off). */
                func?: components["parameters"]["func"];
                /** @description Only tasks of this `group` (extension; ignored when extensions are off). */
                group?: components["parameters"]["group"];
                /** @description Only tasks enqueued (`started`) at or after this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
                started_after?: components["parameters"]["started_after"];
                /** @description Only tasks enqueued (`started`) at or before this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
                started_before?: components["parameters"]["started_before"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /**
             * @description Successful tasks. Default order `-stopped`; `ordering` accepts `pk`, `func`,
             *     `started`, `stopped`, `group`, each optionally prefixed with `-`. Paginated
             *     when `limit` is a positive integer.
             */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedSucceededTaskList"] | components["schemas"]["SucceededTask"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_succeeded_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The task's id (`django_q_task.id`, 32 hexadecimal characters). */
                id: components["parameters"]["task_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The successful task. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskRecord"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_scheduled_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The row's primary key (ASCII digits; an id beyond PostgreSQL's bigint is a 404). */
                id: components["parameters"]["integer_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduledTaskDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_status_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                task_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task exists (finished, or queued). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDetail"];
                };
            };
            401: components["responses"]["Unauthorized"];
            /** @description No task with this id, finished or queued. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDetail"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_failed_retry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Which failed tasks to retry. `items` and `filters` are AND-ed; only failed tasks are ever retried. */
        requestBody?: {
            content: {
                "application/json": components["schemas"]["FailedTaskBulkDelete"];
                "application/x-www-form-urlencoded": components["schemas"]["FailedTaskBulkDelete"];
            };
        };
        responses: {
            /** @description The tasks retried (possibly none), each failed id with the new task's id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetryResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_failed_retry_one: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The task's id (`django_q_task.id`, 32 hexadecimal characters). */
                id: components["parameters"]["task_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetryResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_scheduled_run: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The row's primary key (ASCII digits; an id beyond PostgreSQL's bigint is a 404). */
                id: components["parameters"]["integer_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task is queued. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueuedTask"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_scheduled_pause: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The row's primary key (ASCII digits; an id beyond PostgreSQL's bigint is a 404). */
                id: components["parameters"]["integer_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule is paused. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePauseState"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_scheduled_resume: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The row's primary key (ASCII digits; an id beyond PostgreSQL's bigint is a 404). */
                id: components["parameters"]["integer_id"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The schedule is resumed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulePauseState"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFoundDetail"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_audit_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: components["parameters"]["limit"];
                /** @description The initial index from which to return the results. */
                offset?: components["parameters"]["offset"];
                /** @description Which field to use when ordering the results. */
                ordering?: components["parameters"]["ordering"];
                /** @description Only entries by this username. */
                user?: string;
                /** @description Only entries of this action. */
                action?: "delete" | "retry" | "run" | "pause" | "resume";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Audit entries. Default order newest first; `ordering` accepts `pk`, `at`, each optionally prefixed with `-`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedAuditEntryList"] | components["schemas"]["AuditEntry"][];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_failed_groups_list: {
        parameters: {
            query?: {
                /** @description Number of results to return per page. */
                limit?: components["parameters"]["limit"];
                /** @description The initial index from which to return the results. */
                offset?: components["parameters"]["offset"];
                /** @description Which field to use when ordering the results. */
                ordering?: components["parameters"]["ordering"];
                /** @description Only tasks whose `func` is exactly this dotted path (extension; ignored when extensions are off). */
                func?: components["parameters"]["func"];
                /** @description Only tasks of this `group` (extension; ignored when extensions are off). */
                group?: components["parameters"]["group"];
                /** @description Only tasks enqueued (`started`) at or after this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
                started_after?: components["parameters"]["started_after"];
                /** @description Only tasks enqueued (`started`) at or before this ISO 8601 date or date-time; without an offset it is in `TIME_ZONE` (extension). */
                started_before?: components["parameters"]["started_before"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The failure groups. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedFailureGroupList"] | components["schemas"]["FailureGroup"][];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
    background_task_stats_retrieve: {
        parameters: {
            query?: {
                /** @description `24h` (default) or `7d`. */
                window?: "24h" | "7d";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The window's buckets and totals. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskStats"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["ServerError"];
            503: components["responses"]["Unavailable"];
        };
    };
}
