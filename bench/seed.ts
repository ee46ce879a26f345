/**
 * Seeds a benchmark database with django-q rows in their exact stored formats,
 * written by our codec (the codec and interop suites prove it byte-compatible
 * with Python and django-q): failed tasks with pickled args/kwargs/tracebacks,
 * pending tasks with real signed payloads, schedules pointing at tasks, a
 * staff user with a token and a Django pbkdf2 password.
 *
 * Rows go in with multi-row `INSERT … SELECT FROM unnest($1::text[], …)`,
 * 5,000 per statement, synchronous_commit off: a million failed tasks take
 * a minute or two. A marker row records what was seeded; a database whose
 * marker matches is reused as it is.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { makePbkdf2Sha256 } from '../src/auth/password-hashers.js';
import { migrate } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import {
  encodePickledField,
  encodeTaskPayload,
  humanize,
  type PyValue,
  pyDateTimeFromDate,
  pyDict,
  pyGlobal,
  pyTuple,
} from '../src/djangoq/index.js';

export const BENCH_SECRET_KEY = 'bench-insecure-secret-key-0123456789abcdefghijklmnopqrstuvwxyz';
export const BENCH_CLUSTER = 'InvenTree';
export const BENCH_USERNAME = 'bench';
export const BENCH_PASSWORD = 'bench-password-not-secret';
/** Bump when the generated data changes: older databases are reseeded. */
const SEED_VERSION = 3;

export interface SeedSpec {
  failed: number;
  pending: number;
  schedules: number;
  /** Successful tasks (django-q keeps up to save_limit of them). */
  successes: number;
}

export interface SeedInfo {
  token: string;
  username: string;
  password: string;
  /** Rows with success = false. */
  failed: number;
  reused: boolean;
  seconds: number;
}

/**
 * Task functions with relative weights, InvenTree-like. The benchmark
 * searches for SEARCH_TERM, which matches about 11 % of failures.
 */
const FUNCS: Array<[string, number]> = [
  ['InvenTree.tasks.heartbeat', 10],
  ['InvenTree.tasks.delete_successful_tasks', 6],
  ['InvenTree.tasks.delete_failed_tasks', 4],
  ['InvenTree.tasks.delete_old_error_logs', 4],
  ['InvenTree.tasks.delete_old_notifications', 5],
  ['InvenTree.tasks.check_for_updates', 6],
  ['InvenTree.tasks.update_exchange_rates', 8],
  ['InvenTree.tasks.delete_expired_sessions', 4],
  ['InvenTree.tasks.run_backup', 3],
  ['InvenTree.tasks.check_for_migrations', 3],
  ['InvenTree.tasks.email_user', 5],
  ['common.tasks.delete_old_notes_images', 3],
  ['common.tasks.update_news_feed', 5],
  ['part.tasks.notify_low_stock_if_required', 4],
  ['part.tasks.scheduled_stocktake_reports', 2],
  ['part.tasks.check_missing_pricing', 3],
  ['part.tasks.update_part_pricing', 8],
  ['stock.tasks.rebuild_stock_item_tree', 3],
  ['stock.tasks.check_stock_expiry', 1],
  ['order.tasks.check_overdue_purchase_orders', 3],
  ['order.tasks.check_overdue_sales_orders', 3],
  ['build.tasks.check_build_stock', 3],
  ['build.tasks.complete_build_allocations', 2],
  ['plugin.registry.call_plugin_function', 4],
  ['plugin.base.event.events.register_event', 6],
  ['plugin.base.barcodes.helper.render_barcode', 2],
  ['report.tasks.cleanup_old_report_outputs', 2],
  ['label.tasks.cleanup_old_label_outputs', 2],
  ['users.tasks.rebuild_user_permissions', 2],
  ['company.tasks.update_supplier_pricing', 3],
];
export const SEARCH_TERM = 'stock';

const ERRORS = [
  ['ValueError', 'Something failed'],
  ['ConnectionError', "HTTPSConnectionPool(host='api.exchangerate.host', port=443): Max retries exceeded"],
  ['OperationalError', 'could not connect to server: Connection refused'],
  ['KeyError', "'pk'"],
  ['TypeError', "unsupported operand type(s) for +: 'NoneType' and 'Decimal'"],
  ['TimeoutError', 'Task exceeded maximum timeout value (90 seconds)'],
  ['IntegrityError', 'duplicate key value violates unique constraint "part_partpricing_part_id_key"'],
  ['PermissionError', "[Errno 13] Permission denied: '/home/inventree/data/backup'"],
] as const;

/** A deterministic generator, so every seeded database holds the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weightedPicker<T>(items: Array<[T, number]>, random: () => number): () => T {
  const total = items.reduce((n, [, w]) => n + w, 0);
  return () => {
    let x = random() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1]![0];
  };
}

function traceback(func: string, kind: string, message: string, line: number): string {
  const module = func.split('.').slice(0, -1).join('/');
  const name = func.split('.').pop();
  return `${message} : Traceback (most recent call last):\n  File "/usr/local/lib/python3.11/site-packages/django_q/worker.py", line 97, in worker\n    res = f(*task["args"], **task["kwargs"])\n  File "/home/inventree/src/backend/InvenTree/${module}.py", line ${40 + line * 7}, in ${name}\n    raise ${kind}(${JSON.stringify(message)})\n${kind}: ${message}\n`;
}

/** Stored pickles recur (`()`, `{}`, small pks): compute each distinct one once. */
class PickleCache {
  private readonly map = new Map<string, string>();
  get(key: string, make: () => PyValue): string {
    let v = this.map.get(key);
    if (v === undefined) this.map.set(key, (v = encodePickledField(make())));
    return v;
  }
}

const BATCH = 5000;
const DAY_MS = 86_400_000;

export function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates `database` on the server of `baseUrl` unless it exists. */
export async function ensureDatabase(baseUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl(baseUrl, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

function specKey(spec: SeedSpec): string {
  return JSON.stringify({ version: SEED_VERSION, ...spec });
}

export function openBenchDb(url: string, max = 4): { db: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'bgtasks-bench' });
  return { pool, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}

/** Seeds (or reuses) the database at `url` for `spec`. */
export async function seed(url: string, spec: SeedSpec, log: (line: string) => void, force = false): Promise<SeedInfo> {
  const started = performance.now();
  const { db } = openBenchDb(url, 3);
  try {
    await sql`CREATE TABLE IF NOT EXISTS bench_marker (spec text NOT NULL, token text NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())`.execute(db);
    const { rows } = await sql<{ spec: string; token: string }>`SELECT spec, token FROM bench_marker`.execute(db);
    const marker = rows[0];
    if (!force && marker && marker.spec === specKey(spec)) {
      return { token: marker.token, username: BENCH_USERNAME, password: BENCH_PASSWORD, failed: spec.failed, reused: true, seconds: 0 };
    }
    log(`seeding ${spec.failed.toLocaleString('en')} failed, ${spec.pending.toLocaleString('en')} pending, ${spec.schedules} schedules`);
    await sql`DROP TABLE IF EXISTS django_q_task, django_q_ormq, django_q_schedule, users_apitoken, auth_user, django_session CASCADE`.execute(db);
    await sql`DELETE FROM bench_marker`.execute(db);
    await migrate(db);
    const token = await seedUsers(db);
    await seedTasks(db, spec, log);
    await seedPending(db, spec.pending);
    await seedSchedules(db, spec.schedules);
    log('VACUUM ANALYZE');
    await sql`VACUUM ANALYZE`.execute(db);
    await sql`INSERT INTO bench_marker (spec, token) VALUES (${specKey(spec)}, ${token})`.execute(db);
    const seconds = (performance.now() - started) / 1000;
    log(`seeded in ${seconds.toFixed(1)} s`);
    return { token, username: BENCH_USERNAME, password: BENCH_PASSWORD, failed: spec.failed, reused: false, seconds };
  } finally {
    await db.destroy();
  }
}

async function seedUsers(db: Kysely<Database>): Promise<string> {
  // Django 4.2's default cost (600k) — InvenTree 0.15's hasher; the service's
  // verification cache makes it a once-per-AUTH_CACHE_SECONDS cost.
  const password = await makePbkdf2Sha256(BENCH_PASSWORD, { iterations: 600_000 });
  const user = await db
    .insertInto('auth_user')
    .values({
      username: BENCH_USERNAME,
      password,
      is_staff: true,
      is_superuser: true,
      is_active: true,
      first_name: '',
      last_name: '',
      email: 'bench@example.com',
      date_joined: new Date(),
      last_login: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const token = `inv-${randomBytes(20).toString('hex')}-${day}`;
  await db
    .insertInto('users_apitoken')
    .values({
      key: token,
      user_id: user.id,
      expiry: '2099-12-31',
      revoked: false,
      name: 'bench',
      created: new Date(),
      last_seen: null,
      metadata: null,
    })
    .execute();
  return token;
}

interface TaskColumns {
  id: string[];
  name: string[];
  func: string[];
  args: Array<string | null>;
  kwargs: Array<string | null>;
  result: Array<string | null>;
  started: string[];
  stopped: string[];
  success: boolean[];
  group: Array<string | null>;
  attempt: number[];
}

function emptyColumns(): TaskColumns {
  return { id: [], name: [], func: [], args: [], kwargs: [], result: [], started: [], stopped: [], success: [], group: [], attempt: [] };
}

async function insertTasks(db: Kysely<Database>, c: TaskColumns): Promise<void> {
  await sql`
    INSERT INTO django_q_task (id, name, func, hook, args, kwargs, result, started, stopped, success, "group", attempt_count, cluster)
    SELECT id, name, func, NULL, args, kwargs, result, started, stopped, success, grp, attempt, 'InvenTree'
    FROM unnest(${c.id}::text[], ${c.name}::text[], ${c.func}::text[], ${c.args}::text[], ${c.kwargs}::text[], ${c.result}::text[],
                ${c.started}::timestamptz[], ${c.stopped}::timestamptz[], ${c.success}::bool[], ${c.group}::text[], ${c.attempt}::int[])
      AS r(id, name, func, args, kwargs, result, started, stopped, success, grp, attempt)
  `.execute(db);
}

/**
 * Failures spread over the last 180 days in stopped order (as a live table
 * grows), then the successes django-q keeps, all older than 10 minutes —
 * so is_running is false and has to look at every success.
 */
async function seedTasks(db: Kysely<Database>, spec: SeedSpec, log: (line: string) => void): Promise<void> {
  await sql`SET synchronous_commit = off`.execute(db);
  const random = rng(20240519);
  const pickFunc = weightedPicker(FUNCS, random);
  const pickles = new PickleCache();
  const now = Date.now() - 3600_000;
  const span = 180 * DAY_MS;
  const total = spec.failed + spec.successes;
  let inFlight: Promise<void> | undefined;
  let failure: unknown;
  let lastLog = performance.now();
  for (let start = 0; start < total; start += BATCH) {
    const c = emptyColumns();
    const end = Math.min(total, start + BATCH);
    const ids = randomBytes(16 * (end - start));
    for (let i = start; i < end; i++) {
      const success = i >= spec.failed;
      const id = ids.subarray((i - start) * 16, (i - start + 1) * 16).toString('hex');
      const func = pickFunc();
      const pk = Math.floor(random() * 2000);
      const position = success ? (i - spec.failed) / Math.max(1, spec.successes) : i / Math.max(1, spec.failed);
      const startedMs = success ? now - 2 * DAY_MS + position * (2 * DAY_MS - 600_000) : now - span + position * span + Math.floor(random() * 60_000);
      const stoppedMs = startedMs + 50 + Math.floor(random() * (success ? 2000 : 90_000));
      const error = Math.floor(random() * ERRORS.length);
      const [kind, message] = ERRORS[error]!;
      const line = pk % 40;
      const withPk = random() < 0.7;
      c.id.push(id);
      c.name.push(humanize(id));
      c.func.push(func);
      c.args.push(withPk ? pickles.get(`a${pk}`, () => pyTuple(BigInt(pk))) : pickles.get('a', () => pyTuple()));
      c.kwargs.push(random() < 0.2 ? pickles.get('kf', () => pyDict({ force: true })) : pickles.get('k', () => pyDict({})));
      c.result.push(success ? pickles.get('none', () => null) : pickles.get(`r${func}|${error}|${line}`, () => traceback(func, kind, message, line)));
      c.started.push(new Date(startedMs).toISOString());
      c.stopped.push(new Date(stoppedMs).toISOString());
      c.success.push(success);
      c.group.push(random() < 0.1 ? func.split('.')[0]! : null);
      c.attempt.push(success ? 1 : 1 + Math.floor(random() * 3));
    }
    // One batch generating while the previous one is written.
    if (inFlight) await inFlight;
    if (failure) throw failure;
    inFlight = insertTasks(db, c).catch((err: unknown) => {
      failure = err;
    });
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  ${end.toLocaleString('en')} / ${total.toLocaleString('en')} tasks`);
    }
  }
  if (inFlight) await inFlight;
  if (failure) throw failure;
}

/** Pending tasks exactly as async_task + the ORM broker enqueue them (signed protocol-5 pickles). */
async function seedPending(db: Kysely<Database>, count: number): Promise<void> {
  const random = rng(7);
  const pickFunc = weightedPicker(FUNCS, random);
  const enqueued = Date.now() - 3600_000;
  for (let start = 0; start < count; start += BATCH) {
    const keys: string[] = [];
    const payloads: string[] = [];
    const locks: Array<string | null> = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const id = randomBytes(16).toString('hex');
      const func = pickFunc();
      const dot = func.lastIndexOf('.');
      const at = new Date(enqueued + i * 250);
      const task = pyDict([
        ['id', id],
        ['name', humanize(id)],
        ['func', pyGlobal(func.slice(0, dot), func.slice(dot + 1))],
        ['args', random() < 0.7 ? pyTuple(BigInt(Math.floor(random() * 2000))) : pyTuple()],
        ['kwargs', random() < 0.2 ? pyDict({ force: true }) : pyDict({})],
        ['started', pyDateTimeFromDate(at)],
      ]);
      keys.push(BENCH_CLUSTER);
      payloads.push(encodeTaskPayload(task, { key: BENCH_SECRET_KEY, salt: BENCH_CLUSTER, timestamp: Math.floor(at.getTime() / 1000) }));
      // The ORM broker stamps the enqueue time; a claimed task's lock lies in the future.
      locks.push(new Date(i % 50 === 0 ? Date.now() + 365 * DAY_MS : at.getTime()).toISOString());
    }
    await sql`
      INSERT INTO django_q_ormq (key, payload, lock)
      SELECT * FROM unnest(${keys}::text[], ${payloads}::text[], ${locks}::timestamptz[])
    `.execute(db);
  }
}

/** Schedules, most pointing at the task they last spawned (some failed, some succeeded, some gone). */
async function seedSchedules(db: Kysely<Database>, count: number): Promise<void> {
  const { rows } = await sql<{ id: string }>`
    (SELECT id FROM django_q_task WHERE success ORDER BY started DESC LIMIT ${Math.ceil(count / 2)})
    UNION ALL
    (SELECT id FROM django_q_task WHERE NOT success ORDER BY stopped DESC LIMIT ${Math.ceil(count / 4)})
  `.execute(db);
  const random = rng(99);
  const types = ['I', 'H', 'D', 'W', 'M', 'Q', 'Y', 'C', 'O'];
  const values = [];
  for (let i = 0; i < count; i++) {
    const func = FUNCS[i % FUNCS.length]![0];
    const type = types[Math.floor(random() * types.length)]!;
    values.push({
      name: `${func.split('.').pop()}${i >= FUNCS.length ? `_${i}` : ''}`,
      func,
      hook: null,
      args: random() < 0.3 ? '(1,)' : null,
      kwargs: random() < 0.3 ? "{'force': True}" : null,
      schedule_type: type,
      repeats: -1,
      next_run: new Date(Date.now() + Math.floor(random() * 7 * DAY_MS)),
      task: i < rows.length ? rows[i]!.id : random() < 0.5 ? null : createHash('md5').update(String(i)).digest('hex'),
      minutes: type === 'I' ? 5 + (i % 60) : null,
      cron: type === 'C' ? '0 3 * * *' : null,
      cluster: null,
      intended_date_kwarg: null,
    });
  }
  for (let start = 0; start < values.length; start += 1000) {
    await db.insertInto('django_q_schedule').values(values.slice(start, start + 1000)).execute();
  }
}
