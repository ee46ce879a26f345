/**
 * Proof that the failed table's "Delete all matching" and "Retry all
 * matching" act on exactly the rows the list shows: for each state of the
 * page (search and list filters), the body the page sends (filtersForState
 * of src/ui/assets/table.js) is given to the bulk DELETE and to the bulk
 * retry, and the ids each removes are compared with the ids the failed list
 * returns for the same state (the page's own query string, unpaginated),
 * listed first, on fresh rows per case. The rows sit on the edges: instants
 * one microsecond either side of each bound and on it, case and whitespace
 * variants of `func`, a LIKE wildcard in it, NULL, empty, blank and
 * case-variant groups, successful twins. TIME_ZONE is Pacific/Chatham
 * (+13:45), so a value read in it rather than in UTC would show. Run on the
 * bgtasks schema and on django-q 1.3.9's (no `cluster`, no
 * `intended_date_kwarg`), on PGlite and on PostgreSQL.
 *
 * The states the page refuses to map (filtersForState → undefined) are
 * checked to be refused; one of them is shown to select different rows when
 * sent anyway, which is why it is refused.
 */
import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import t from 'tap';
import type { Database } from '../../src/db/schema.js';
// @ts-expect-error: plain ES modules served to the browser, no type declarations
import { filtersForState, notMatchingReason, toQuery } from '../../src/ui/assets/table.js';
import { createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { TEST_SECRET_KEY } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const FAILED = '/api/background-task/failed/';

interface Filters {
  func: string;
  group: string;
  started_after: string;
  started_before: string;
}
const NONE: Filters = { func: '', group: '', started_after: '', started_before: '' };
const state = (filters: Partial<Filters> = {}, search = '') => ({ search, regex: false, whole: false, ordering: '', limit: 25, offset: 0, filters: { ...NONE, ...filters } });
type State = ReturnType<typeof state>;

const F = 'part.tasks.check_stock';
const FUNCS = [F, 'PART.TASKS.CHECK_STOCK', `${F} `, 'part.tasks.checkXstock', 'report.tasks.cleanup_100%'];
const GROUPS = [null, '', 'stock', 'STOCK', ' '];
/** Both bounds of the cases, a microsecond either side, a middle, and midnight of Dec 1 in Pacific/Chatham. */
const STARTS = [
  '2026-11-30 10:15:00+00',
  '2026-11-30 23:59:59.999999+00',
  '2026-12-01 00:00:00+00',
  '2026-12-01 00:00:00.000001+00',
  '2026-12-02 00:00:00+00',
  '2026-12-03 11:59:59.999999+00',
  '2026-12-03 12:00:00+00',
  '2026-12-03 12:00:00.000001+00',
];

/** Every func × group × start failed, and a successful twin per func × start (never to be touched). */
async function freshRows(db: Kysely<Database>): Promise<void> {
  await sql`DELETE FROM django_q_task`.execute(db);
  await sql`DELETE FROM django_q_ormq`.execute(db);
  const rows = [];
  for (const func of FUNCS)
    for (const started of STARTS) {
      for (const group of GROUPS) rows.push({ func, group, started, success: false });
      rows.push({ func, group: 'stock', started, success: true });
    }
  // Explicit columns: django-q 1.3.9's table has no `cluster`. Empty args and kwargs as django-picklefield stores them.
  await sql`INSERT INTO django_q_task (id, name, func, hook, args, kwargs, result, "group", started, stopped, success, attempt_count) VALUES ${sql.join(
    rows.map(
      (r, i) =>
        sql`(${randomBytes(16).toString('hex')}, ${`edge-${i}`}, ${r.func}, NULL, 'gAUpLg==', 'gAV9lC4=', NULL, ${r.group}, ${r.started}::timestamptz, ${r.started}::timestamptz + interval '1 second', ${r.success}, 1)`,
    ),
  )}`.execute(db);
}

const allIds = async (db: Kysely<Database>) => (await db.selectFrom('django_q_task').select('id').execute()).map((r) => r.id).sort();

/** The states the page maps, each with the body it must send. */
const MAPPED: Array<[string, State, Record<string, unknown>]> = [
  ['nothing set', state(), { success: false }],
  ['func', state({ func: F }), { func: F }],
  ['func in capitals: exact, not the lower-case rows', state({ func: 'PART.TASKS.CHECK_STOCK' }), { func: 'PART.TASKS.CHECK_STOCK' }],
  ['func with a trailing space', state({ func: `${F} ` }), { func: `${F} ` }],
  ['group', state({ group: 'stock' }), { group: 'stock' }],
  ['group in capitals', state({ group: 'STOCK' }), { group: 'STOCK' }],
  ['a blank group', state({ group: ' ' }), { group: ' ' }],
  ['started_after on a bound', state({ started_after: '2026-12-01T00:00:00.000Z' }), { started__gte: '2026-12-01T00:00:00.000Z' }],
  ['started_before on a bound, without fraction', state({ started_before: '2026-12-03T12:00:00Z' }), { started__lte: '2026-12-03T12:00:00Z' }],
  [
    'both ends, to the microsecond',
    state({ started_after: '2026-12-01T00:00:00.000001Z', started_before: '2026-12-03T11:59:59.999999Z' }),
    { started__gte: '2026-12-01T00:00:00.000001Z', started__lte: '2026-12-03T11:59:59.999999Z' },
  ],
  [
    'every filter',
    state({ func: F, group: 'stock', started_after: '2026-12-01T00:00:00.000Z', started_before: '2026-12-03T12:00:00.000Z' }),
    { func: F, group: 'stock', started__gte: '2026-12-01T00:00:00.000Z', started__lte: '2026-12-03T12:00:00.000Z' },
  ],
  ['search with _ (a literal, not a wildcard) and a start', state({ started_after: '2026-12-01T00:00:00.000Z' }, 'check_stock'), { func__icontains: 'check_stock', started__gte: '2026-12-01T00:00:00.000Z' }],
  ['search in capitals and a group', state({ group: 'stock' }, 'CHECK_STOCK'), { func__icontains: 'CHECK_STOCK', group: 'stock' }],
  ['search with % and an end', state({ started_before: '2026-12-02T00:00:00.000Z' }, '100%'), { func__icontains: '100%', started__lte: '2026-12-02T00:00:00.000Z' }],
  ['search with a NUL (the API drops it) and func', state({ func: 'PART.TASKS.CHECK_STOCK' }, 'check\u0000_stock'), { func__icontains: 'check_stock', func: 'PART.TASKS.CHECK_STOCK' }],
  ['search between commas and spaces, empty filters', state({ group: '', started_before: '' }, ' , stock ,'), { func__icontains: 'stock' }],
  ['a func no row has', state({ func: 'nothing.here' }), { func: 'nothing.here' }],
];

/** States the page must not map (the list's meaning could differ, or the page could not say it). */
const REFUSED: Array<[string, State]> = [
  ['a bare date (midnight in TIME_ZONE)', state({ started_after: '2026-12-01' })],
  ['a naive date-time (TIME_ZONE)', state({ started_before: '2026-12-03T12:00:00' })],
  ['an offset other than Z', state({ started_after: '2026-12-01T00:00:00+00:00' })],
  ['seven fractional digits', state({ started_after: '2026-11-30T23:59:59.9999995Z' })],
  ['a NUL in func', state({ func: `${F}\u0000` })],
  ['a regex search with a filter', { ...state({ func: F }, 'stock'), regex: true }],
  ['two terms (Python whitespace U+001C) with a filter', state({ func: F }, 'check\u001cstock')],
];

for (const flavour of ['bgtasks', 'django-q 1.3.9'] as const) {
  t.test(`all matching = the list, row for row (${flavour} schema)`, async (t) => {
    const database = await createTestDatabase();
    t.teardown(() => database.close());
    if (flavour === 'django-q 1.3.9') {
      await sql`ALTER TABLE django_q_schedule DROP COLUMN intended_date_kwarg`.execute(database.db);
      await sql`ALTER TABLE django_q_task DROP COLUMN cluster`.execute(database.db);
    }
    const { app } = await createTestApp(t, { secretKey: TEST_SECRET_KEY, timeZone: 'Pacific/Chatham' }, database);
    const db = database.db;
    const authorization = await staffAuthorization(db);
    const failedCount = FUNCS.length * GROUPS.length * STARTS.length;

    /** The ids the failed list returns for the state, with the page's own query string, unpaginated. */
    async function listed(s: State): Promise<string[]> {
      const query = new URLSearchParams(toQuery(s, { forApi: true }));
      query.delete('limit');
      query.delete('offset');
      const res = await app.inject({ url: `${FAILED}?${query}`, headers: { authorization } });
      t.equal(res.statusCode, 200, `GET ${FAILED}?${query}`);
      return (res.json() as Array<{ pk: string }>).map((r) => r.pk).sort();
    }
    /** The ids `act` removed from django_q_task (failed or not), and the API's answer. */
    async function removedBy(act: () => Promise<{ statusCode: number; body: string }>) {
      const before = await allIds(db);
      const res = await act();
      const after = new Set(await allIds(db));
      return { res, removed: before.filter((id) => !after.has(id)) };
    }
    const bulkDelete = (filters: unknown) =>
      removedBy(() => app.inject({ method: 'DELETE', url: FAILED, headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify({ filters }) }));
    const bulkRetry = (filters: unknown) =>
      removedBy(() => app.inject({ method: 'POST', url: `${FAILED}retry/`, headers: { authorization, 'content-type': 'application/json' }, payload: JSON.stringify({ filters }) }));

    for (const [name, s, body] of MAPPED) {
      t.test(name, async (t) => {
        const filters = filtersForState('failed', s);
        t.same(filters, body, 'the body the page sends');

        await freshRows(db);
        const shown = await listed(s);
        if (name === 'a func no row has') t.same(shown, [], 'no row');
        else if (name !== 'nothing set') t.ok(shown.length > 0 && shown.length < failedCount, `a strict subset is listed (${shown.length} of ${failedCount})`);
        else t.equal(shown.length, failedCount);
        const del = await bulkDelete(filters);
        t.equal(del.res.statusCode, 204, 'DELETE');
        t.same(del.removed, shown, 'the bulk DELETE removed exactly the listed rows');

        await freshRows(db);
        const shownAgain = await listed(s);
        const retry = await bulkRetry(filters);
        t.equal(retry.res.statusCode, 200, 'retry');
        const answer = JSON.parse(retry.res.body) as { retried: number; tasks: Array<{ failed: string; task_id: string }> };
        t.same(retry.removed, shownAgain, 'the bulk retry removed exactly the listed rows');
        t.same(answer.tasks.map((x) => x.failed).sort(), shownAgain, 'and retried exactly those');
        const queued = await sql<{ n: string }>`SELECT count(*) AS n FROM django_q_ormq`.execute(db);
        t.equal(Number(queued.rows[0]!.n), shownAgain.length, 'one queued task per listed row');
      });
    }

    t.test('states the page refuses to map', async (t) => {
      for (const [name, s] of REFUSED) {
        t.equal(filtersForState('failed', s), undefined, name);
        t.not(notMatchingReason('failed', s), '', `${name}: the page says why`);
      }
    });

    t.test('why seven fractional digits are refused: sent anyway, the selection differs', async (t) => {
      const value = '2026-11-30T23:59:59.9999995Z';
      await freshRows(db);
      const shown = await listed(state({ started_after: value }));
      const del = await bulkDelete({ started__gte: value });
      t.equal(del.res.statusCode, 204);
      // The list truncates to .999999 and keeps the rows one microsecond before midnight; PostgreSQL rounds to midnight.
      t.equal(shown.length - del.removed.length, FUNCS.length * GROUPS.length, 'the list shows the 23:59:59.999999 rows, the DELETE spares them');
      t.ok(del.removed.every((id) => shown.includes(id)));
    });
  });
}
