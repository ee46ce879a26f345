/**
 * #12 item 8: the cost of `search` is bounded on every database (length and
 * term count, 400 beyond), and on embedded PGlite — where a query runs on
 * the event loop and no statement timeout applies — a regular expression
 * whose matching cost explodes (back-references) or that is too complex to
 * compile is a 400 before any row is read, so /healthz keeps answering.
 */
import { sql } from 'kysely';
import t from 'tap';
// The documented bounds (README, docs/operations.md).
const SEARCH_MAX_LENGTH = 256;
const SEARCH_MAX_TERMS = 10;
import { createTestApp } from '../helpers/app.js';
import { insertSchedule, insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const { app, database } = await createTestApp(t);
const db = database.db;
const authorization = await staffAuthorization(db);
const get = (path: string, search: Record<string, string>) =>
  app.inject({ url: `${path}?${new URLSearchParams(search)}`, headers: { authorization } });
const LISTS = ['/api/background-task/failed/', '/api/background-task/scheduled/'];

// Rows on which back-references cost seconds per row in PostgreSQL's regex engine.
for (let i = 0; i < 3; i++) {
  await insertTask(db, { func: `${'a'.repeat(60 + i)}` });
  await insertSchedule(db, { func: `${'a'.repeat(60 + i)}` });
}
await sql`SELECT 1`.execute(db);

t.test('search length and term count are bounded on every database', async (t) => {
  for (const path of LISTS) {
    const long = await get(path, { search: 'a'.repeat(SEARCH_MAX_LENGTH + 1) });
    t.equal(long.statusCode, 400, `${path}: ${SEARCH_MAX_LENGTH + 1} characters`);
    t.equal(long.body, `{"search":["Ensure this field has no more than ${SEARCH_MAX_LENGTH} characters."]}`);
    const many = await get(path, { search: Array.from({ length: SEARCH_MAX_TERMS + 1 }, () => 'a').join(' ') });
    t.equal(many.statusCode, 400, `${path}: ${SEARCH_MAX_TERMS + 1} terms`);
    t.equal(many.body, `{"search":["Ensure this field has no more than ${SEARCH_MAX_TERMS} search terms."]}`);
    const regexMany = await get(path, { search: Array.from({ length: SEARCH_MAX_TERMS + 1 }, () => 'a').join(','), search_regex: '1' });
    t.equal(regexMany.statusCode, 400, `${path}: comma-separated terms count too`);
    t.equal((await get(path, { search: 'a'.repeat(SEARCH_MAX_LENGTH) })).statusCode, 200, `${path}: at the length limit`);
    const atTerms = await get(path, { search: Array.from({ length: SEARCH_MAX_TERMS }, () => 'aaa').join(' '), limit: '10' });
    t.equal(atTerms.statusCode, 200, `${path}: at the term limit`);
    t.equal(atTerms.json().count, 3);
  }
});

t.test('a regular expression too complex to compile is a 400 on both databases', async (t) => {
  for (const path of LISTS) {
    for (const limit of [undefined, '5']) {
      const res = await get(path, { search: '(a{0,255}){0,255}', search_regex: 'true', ...(limit ? { limit } : {}) });
      t.equal(res.statusCode, 400, `${path} limit=${limit}`);
      t.match(res.json(), { search: [/^Invalid regular expression: /] });
    }
  }
});

t.test('embedded PGlite: back-references in search_regex are refused before any row is read', async (t) => {
  const pattern = '^(a*)(a*)(a*)(a*)(a*)\\5\\4\\3\\2\\1$';
  if (database.kind !== 'pglite') {
    // PostgreSQL runs it under DB_STATEMENT_TIMEOUT_MS: an answer, never a hang.
    const res = await get(LISTS[0]!, { search: pattern, search_regex: '1' });
    t.ok([200, 503].includes(res.statusCode), `PostgreSQL answers ${res.statusCode}`);
    return;
  }
  for (const path of LISTS) {
    for (const limit of [undefined, '5']) {
      const res = await get(path, { search: pattern, search_regex: '1', ...(limit ? { limit } : {}) });
      t.equal(res.statusCode, 400, `${path} limit=${limit}`);
      t.equal(res.body, '{"search":["Back-references (\\\\1 to \\\\9) are not supported in search_regex on the embedded database."]}');
    }
  }
  const escaped = await get(LISTS[0]!, { search: 'a\\\\1', search_regex: '1', limit: '5' });
  t.equal(escaped.statusCode, 200, 'an escaped backslash before a digit is not a back-reference');
  t.equal((await app.inject('/healthz')).statusCode, 200);
});
