/**
 * Row types of the tables we read and write, as django-q2 and Django/InvenTree
 * define them on PostgreSQL. One interface per table, keyed by table name, so
 * Kysely can type every query. Column order here follows the models, not the
 * physical order (django-q's migration 0003 re-added `id` last).
 */
import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: pg returns a Date, we may write a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A date column: pg returns a Date at local midnight unless parsed; we write 'YYYY-MM-DD'. */
export type DateColumn = ColumnType<Date | string, string, string>;

/** `django_q_task`: successes and failures (Failure = success false). */
export interface DjangoQTaskTable {
  id: string; // uuid4 hex, 32 chars, primary key
  name: string;
  func: string;
  hook: string | null;
  args: string | null; // base64 pickle (django-picklefield)
  kwargs: string | null;
  result: string | null;
  group: string | null;
  started: Timestamp; // enqueue time, not execution start
  stopped: Timestamp;
  success: boolean;
  attempt_count: number;
  cluster: string | null; // django-q2 only; absent in django-q 1.3.9
}

/** `django_q_ormq`: the ORM broker's queue (pending tasks). */
export interface DjangoQOrmqTable {
  id: Generated<number>;
  key: string;
  payload: string; // Django-signed pickle of the task dict
  lock: Timestamp | null;
}

/** `django_q_schedule`. */
export interface DjangoQScheduleTable {
  id: Generated<number>;
  name: string | null;
  func: string;
  hook: string | null;
  args: string | null; // raw Python-literal text, returned as stored
  kwargs: string | null;
  schedule_type: string;
  repeats: number;
  next_run: Timestamp | null;
  task: string | null; // id of the last django_q_task this schedule spawned
  minutes: number | null;
  cron: string | null;
  cluster: string | null;
  intended_date_kwarg: string | null;
}

/** Django's `auth_user`. */
export interface AuthUserTable {
  id: Generated<number>;
  password: string;
  last_login: Timestamp | null;
  is_superuser: boolean;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  is_staff: boolean;
  is_active: boolean;
  date_joined: Timestamp;
}

/** InvenTree's `users_apitoken` (keys stored in clear text). */
export interface UsersApiTokenTable {
  id: Generated<number>;
  created: Timestamp;
  key: string;
  name: string;
  expiry: DateColumn;
  revoked: boolean;
  user_id: number;
  last_seen: DateColumn | null;
  metadata: ColumnType<unknown, string | null, string | null> | null;
}

/** Django's `django_session` (database session engine). */
export interface DjangoSessionTable {
  session_key: string;
  session_data: string;
  expire_date: Timestamp;
}

/** `bgtasks_audit` (ours, a sidecar table: `bgtasks migrate --sidecar`): one row per write through the API. */
export interface BgtasksAuditTable {
  id: Generated<string>; // bigserial (pg returns int8 as text)
  at: ColumnType<Date, Date | string | undefined, Date | string>;
  username: string;
  action: string;
  target: string;
  ids: ColumnType<unknown, string, string>; // jsonb array of the ids acted on (strings)
  count: number;
  address: string | null;
  detail: ColumnType<unknown, string | null, string | null>; // jsonb
}

/** `bgtasks_schedule_pause` (ours, a sidecar table): a paused schedule's previous `repeats`. */
export interface BgtasksSchedulePauseTable {
  schedule_id: number;
  repeats: number;
  paused_at: ColumnType<Date, Date | string | undefined, Date | string>;
  paused_by: string | null;
}

export interface Database {
  bgtasks_audit: BgtasksAuditTable;
  bgtasks_schedule_pause: BgtasksSchedulePauseTable;
  django_q_task: DjangoQTaskTable;
  django_q_ormq: DjangoQOrmqTable;
  django_q_schedule: DjangoQScheduleTable;
  auth_user: AuthUserTable;
  users_apitoken: UsersApiTokenTable;
  django_session: DjangoSessionTable;
}
