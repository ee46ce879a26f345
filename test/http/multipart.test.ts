/**
 * multipart/form-data DELETE bodies, as DRF's MultiPartParser hands them to
 * InvenTree's bulk delete: repeated `items` fields, `filters` as a field (then
 * InvenTree's "must be supplied as a dict" 400), DRF's parse error for a bad
 * boundary. (test/interop/inventree-views/ replays the same against real DRF.)
 */
import t from 'tap';
import { parseMultipart } from '../../src/http/body-parsers.js';
import type { ApiError } from '../../src/http/errors.js';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const BOUNDARY = '----bgtasksBoundary7MA4YWxkTrZu0gW';
function multipart(fields: Array<[string, string]>, boundary = BOUNDARY): string {
  return `${fields.map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('')}--${boundary}--\r\n`;
}

t.test('parseMultipart: fields in order, repeated keys, UTF-8, files left out', async (t) => {
  const body = Buffer.from(
    `preamble\r\n--b\r\nContent-Disposition: form-data; name="items"\r\n\r\n1\r\n--b\r\ncontent-disposition: form-data; name="items"\r\n\r\n2\r\n` +
      `--b\r\nContent-Disposition: form-data; name="note"\r\nContent-Type: text/plain\r\n\r\ncafé\r\nline 2\r\n` +
      `--b\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\n\r\nfile data\r\n--b--\r\nepilogue`,
    'utf8',
  );
  const form = parseMultipart(body, 'multipart/form-data; boundary=b');
  t.same(form.entries, [['items', '1'], ['items', '2'], ['note', 'café\r\nline 2']]);
  t.same(form.getlist('items'), ['1', '2']);
  t.same(parseMultipart(Buffer.alloc(0), 'multipart/form-data; boundary="b"').entries, [], 'empty body: no fields');
  try {
    parseMultipart(body, 'multipart/form-data');
    t.fail('no boundary must throw');
  } catch (err) {
    t.same({ status: (err as ApiError).statusCode, body: (err as ApiError).body }, { status: 400, body: { detail: 'Multipart form parse error - Invalid boundary in multipart: None' } });
  }
});

t.test('multipart DELETE on pending and failed', async (t) => {
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  const del = (url: string, payload: string, boundary = BOUNDARY) =>
    app.inject({ method: 'DELETE', url, headers: { authorization, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });

  const a = await insertPending(database.db);
  const b = await insertPending(database.db);
  const keep = await insertPending(database.db);
  const res = await del('/api/background-task/pending/', multipart([['items', String(a.pk)], ['items', String(b.pk)], ['items', '424242']]));
  t.equal(res.statusCode, 204);
  const left = await database.db.selectFrom('django_q_ormq').select('id').execute();
  t.same(left.map((r) => r.id), [keep.pk], 'both listed rows deleted, the other kept');

  const failed = await insertTask(database.db, { success: false });
  t.equal((await del('/api/background-task/failed/', multipart([['items', failed.id]]))).statusCode, 204);
  t.equal((await database.db.selectFrom('django_q_task').select('id').execute()).length, 0);

  const filters = await del('/api/background-task/pending/', multipart([['filters', '{"id": 1}']]));
  t.equal(filters.statusCode, 400);
  t.equal(filters.body, '{"filters":["\'filters\' must be supplied as a dict object"]}');
  const none = await del('/api/background-task/pending/', multipart([]));
  t.equal(none.statusCode, 400);
  t.equal(none.body, '{"non_field_errors":["List of items or filters must be provided for bulk deletion"]}');
  const bad = await app.inject({ method: 'DELETE', url: '/api/background-task/pending/', headers: { authorization, 'content-type': 'multipart/form-data' }, payload: 'x' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.body, '{"detail":"Multipart form parse error - Invalid boundary in multipart: None"}');
  t.equal(bad.headers['content-type'], 'application/json');
  const anonymous = await app.inject({ method: 'DELETE', url: '/api/background-task/pending/', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
  t.equal(anonymous.statusCode, 401, 'authentication first');
  t.equal((await database.db.selectFrom('django_q_ormq').select('id').execute()).length, 1, 'nothing else deleted');
});
