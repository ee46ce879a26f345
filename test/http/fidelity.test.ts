/**
 * Bytes and full header values InvenTree 0.15 sends around the endpoints:
 * Content-Type exactly `application/json` (streamed or not), the catch-all
 * NotFoundView's Django JsonResponse, DRF's `?format=` and Accept negotiation.
 * (test/interop/inventree-views/ compares the same against real Django + DRF.)
 */
import t from 'tap';
import { renderDjangoJson } from '../../src/http/django-json.js';
import { djangoFullPath } from '../../src/http/not-found.js';
import { acceptedMediaType, indentOf } from '../../src/http/negotiation.js';
import { createTestApp } from '../helpers/app.js';
import { insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

t.test('Content-Type is exactly application/json on every JSON answer', async (t) => {
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  await insertTask(database.db, { success: false });
  const cases: Array<[string, string, Record<string, string>?]> = [
    ['GET', '/api/background-task/'],
    ['GET', '/api/background-task/failed/'], // streamed (unpaginated)
    ['GET', '/api/background-task/failed/?limit=1'],
    ['OPTIONS', '/api/background-task/failed/'],
    ['POST', '/api/background-task/failed/'], // 405
    ['DELETE', '/api/background-task/failed/'], // 400
    ['GET', '/api/nope/'], // 404 catch-all
  ];
  for (const [method, url] of cases) {
    const res = await app.inject({ method: method as 'GET', url, headers: { authorization } });
    t.equal(res.headers['content-type'], 'application/json', `${method} ${url} → ${res.statusCode}`);
  }
  const anonymous = await app.inject('/api/background-task/');
  t.equal(anonymous.headers['content-type'], 'application/json', '401');
  t.equal(anonymous.headers['www-authenticate'], 'Token');
  t.equal(anonymous.headers.vary, 'Cookie', 'SessionAuthentication read the session: SessionMiddleware adds Vary: Cookie');
  const tokenOnly = await app.inject({ url: '/api/background-task/', headers: { authorization } });
  t.equal(tokenOnly.headers.vary, undefined, 'a Token header decides alone: the session is never read, no Vary');
});

t.test('NotFoundView: Django JsonResponse bytes, no Allow, no format negotiation', async (t) => {
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  const res = await app.inject({ url: '/api/nope/?format=xml', headers: { authorization, host: 'inv.local' } });
  t.equal(res.statusCode, 404);
  t.equal(res.body, '{"detail": "API endpoint not found", "url": "http://inv.local/api/nope/?format=xml"}');
  t.equal(res.headers['content-type'], 'application/json');
  t.equal(res.headers.allow, undefined, 'a plain Django view in 0.15: no Allow header');
  const anonymous = await app.inject({ method: 'OPTIONS', url: '/api/background-task/pending', headers: { host: 'inv.local' } });
  t.equal(anonymous.statusCode, 404, 'no credentials needed, OPTIONS too');
  t.equal(anonymous.body, '{"detail": "API endpoint not found", "url": "http://inv.local/api/background-task/pending"}');
});

t.test('djangoFullPath: escape_uri_path(path) + iri_to_uri(query)', async (t) => {
  const cases: Array<[string, string]> = [
    ['/api/x/', '/api/x/'],
    ['/api/a%20b/', '/api/a%20b/'],
    ['/api/%7e%41/', '/api/~A/'],
    ['/api/%2F/', '/api///'],
    ['/api/caf%C3%A9/', '/api/caf%C3%A9/'],
    ['/api/%FF/', '/api/%25FF/'],
    ['/api/a;b=c/', '/api/a%3Bb%3Dc/'],
    ['/api/x/?', '/api/x/'],
    ['/api/x/?a=%20b&c=d"e', '/api/x/?a=%20b&c=d%22e'],
    ['/api/x/?q={|}^`\\', '/api/x/?q=%7B%7C%7D%5E%60%5C'],
  ];
  for (const [raw, full] of cases) t.equal(djangoFullPath(raw), full, raw);
});

t.test('renderDjangoJson: json.dumps with default separators and ensure_ascii', async (t) => {
  t.equal(renderDjangoJson({ a: 'x"\\\n\u0001é😀' }), '{"a": "x\\"\\\\\\n\\u0001\\u00e9\\ud83d\\ude00"}');
});

t.test('?format=: json accepted, anything else 404 Not found., before authentication', async (t) => {
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  const ok = await app.inject({ url: '/api/background-task/?format=json', headers: { authorization } });
  t.equal(ok.statusCode, 200);
  t.equal((await app.inject({ url: '/api/background-task/?format=', headers: { authorization } })).statusCode, 200, 'empty: no filter');
  t.equal((await app.inject({ url: '/api/background-task/?format=xml&format=json', headers: { authorization } })).statusCode, 200, 'last value wins');
  for (const headers of [{ authorization }, {}]) {
    const bad = await app.inject({ url: '/api/background-task/failed/?format=api', headers });
    t.equal(bad.statusCode, 404);
    t.equal(bad.body, '{"detail":"Not found."}');
    t.equal(bad.headers['content-type'], 'application/json');
    t.equal(bad.headers.allow, 'GET, DELETE, HEAD, OPTIONS');
  }
  const post = await app.inject({ method: 'POST', url: '/api/background-task/?format=yaml', headers: { authorization } });
  t.equal(post.statusCode, 404, 'before the 405 too');
});

t.test('Accept: DRF negotiation, 406 when nothing matches; Content-Type stays application/json', async (t) => {
  const expected: Array<[string | undefined, string | undefined]> = [
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['*/*;q=0.8', 'application/json;q=0.8'],
    ['application/json', 'application/json'],
    ['Application/JSON', 'Application/JSON'],
    ['application/json;q=0.9', 'application/json;q=0.9'],
    ['application/json; charset=utf-8', 'application/json; charset=utf-8'],
    ['application/*', 'application/json'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/json;q=0.8'],
    ['text/html', undefined],
    ['', undefined],
  ];
  // What DRF 3.14's DefaultContentNegotiation.select_renderer returns (checked with Debian's DRF).
  for (const [accept, type] of expected) t.equal(acceptedMediaType(accept), type, String(accept));

  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  const browser = await app.inject({ url: '/api/background-task/', headers: { authorization, accept: 'text/html,*/*;q=0.8' } });
  t.equal(browser.statusCode, 200);
  t.equal(browser.headers['content-type'], 'application/json', "DRF's Response uses renderer.media_type");
  const refused = await app.inject({ url: '/api/background-task/', headers: { accept: 'text/html' } });
  t.equal(refused.statusCode, 406, 'before authentication');
  t.equal(refused.body, '{"detail":"Could not satisfy the request Accept header."}');
  t.equal(refused.headers['content-type'], 'application/json');
});

t.test('Accept indent: JSONRenderer.get_indent, streamed lists too', async (t) => {
  t.equal(indentOf('application/json; indent=4'), 4);
  t.equal(indentOf('application/json;indent=20'), 8, 'clamped to 8');
  for (const type of ['application/json', 'application/json; indent=0', 'application/json; indent=-2', 'application/json; indent=1.5', 'application/json; indent=x'])
    t.equal(indentOf(type), undefined, type);
  const { app, database } = await createTestApp(t);
  const authorization = await staffAuthorization(database.db);
  await insertTask(database.db, { success: false });
  const overview = await app.inject({ url: '/api/background-task/', headers: { authorization, accept: 'application/json; indent=2' } });
  t.equal(overview.body, '{\n  "is_running": false,\n  "pending_tasks": 0,\n  "scheduled_tasks": 0,\n  "failed_tasks": 1\n}');
  t.equal(overview.headers['content-type'], 'application/json');
  const list = await app.inject({ url: '/api/background-task/failed/', headers: { authorization, accept: '*/*; indent=1' } });
  t.match(list.body, /^\[\n {1}\{\n {2}"pk": "[0-9a-f]{32}",\n/, 'the streamed list, indented by 1');
});
