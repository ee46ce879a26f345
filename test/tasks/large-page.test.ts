/**
 * Large pages (#12 item 4): a page over one cursor batch is streamed like
 * the unpaginated list, so `?limit=100000000` holds no more than a batch in
 * memory — and it is byte for byte the page DRF's pagination describes.
 */
import t from 'tap';
import { CURSOR_BATCH_ROWS } from '../../src/db/cursor.js';
import { createTestApp } from '../helpers/app.js';
import { insertFailedTasks } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const FAILED = '/api/background-task/failed/';
const SCHEDULED = '/api/background-task/scheduled/';

t.test('large pages stream, in the bytes of the page', async (t) => {
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  const base = Date.parse('2024-01-01T00:00:00Z');
  await insertFailedTasks(database.db, 2345, {
    func: (i) => (i % 3 ? 'part.tasks.bulk' : 'stock.tasks.check \u2028'),
    stopped: (i, start) => new Date(start + (i % 700) * 1000 + 500),
  });
  const schedules = Array.from({ length: 1100 }, (_, i) => ({
    func: `app.tasks.job_${i % 10}`,
    name: `schedule ${i}`,
    schedule_type: 'D',
    repeats: -1,
    args: null,
    kwargs: null,
    next_run: new Date(base + (i % 50) * 60_000),
    task: null,
    hook: null,
    minutes: null,
    cron: null,
    cluster: null,
    intended_date_kwarg: null,
  }));
  for (let i = 0; i < schedules.length; i += 500) await database.db.insertInto('django_q_schedule').values(schedules.slice(i, i + 500)).execute();

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization, host: 'inv.local' } });
  /** The page as DRF builds it, from the unpaginated list with the same filters. */
  const expected = async (path: string, filters: string, limit: number, offset: number, next: string | null, previous: string | null) => {
    const all = (await get(`${path}${filters ? `?${filters}` : ''}`)).json() as unknown[];
    const body = JSON.stringify({ count: all.length, next, previous, results: all.slice(offset, offset + limit) });
    return body.replace(/\u2028/g, '\\u2028');
  };

  const cases: Array<[string, string, number, number, string | null, string | null]> = [
    [FAILED, '', 100_000_000, 0, null, null],
    [FAILED, '', 100_000_000, 2000, null, `http://inv.local${FAILED}?limit=100000000`],
    [FAILED, 'ordering=pk&search=bulk', 1001, 500, `http://inv.local${FAILED}?limit=1001&offset=1501&ordering=pk&search=bulk`, `http://inv.local${FAILED}?limit=1001&ordering=pk&search=bulk`],
    [FAILED, 'ordering=-started', CURSOR_BATCH_ROWS + 1, 0, `http://inv.local${FAILED}?limit=1001&offset=1001&ordering=-started`, null],
    [SCHEDULED, 'ordering=-next_run', 5000, 100, null, `http://inv.local${SCHEDULED}?limit=5000&ordering=-next_run`],
    [SCHEDULED, 'search=job_3', 100_000_000, 0, null, null],
  ];
  for (const [path, filters, limit, offset, next, previous] of cases) {
    const query = [`limit=${limit}`, ...(offset ? [`offset=${offset}`] : []), ...(filters ? [filters] : [])].join('&');
    const res = await get(`${path}?${query}`);
    t.equal(res.statusCode, 200, `${path}?${query}`);
    t.equal(res.headers['content-type'], 'application/json');
    t.equal(res.headers['content-length'], undefined, 'streamed, not rendered at once');
    t.equal(res.body, await expected(path, filters, limit, offset, next, previous), `${path}?${query}: the page's bytes`);
  }

  const small = await get(`${FAILED}?limit=${CURSOR_BATCH_ROWS}`);
  t.equal(small.headers['content-length'], String(Buffer.byteLength(small.body)), 'a page of one batch is rendered at once');
  t.equal(small.json().results.length, CURSOR_BATCH_ROWS);

  const badRegex = await get(`${FAILED}?limit=100000000&search=(&search_regex=1`);
  t.equal(badRegex.statusCode, 400, 'a bad pattern is found before the stream commits to a 200');
  t.match(badRegex.json(), { search: [/^Invalid regular expression/] });
});
