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
}
