/**
 * Issue #12 item 5: filter names are the table's own columns only. Names that
 * live on Object.prototype (`constructor`, `toString`, `__proto__`, …) are
 * unknown fields like any other: the usual 400 naming the field, never a 500
 * and never a message naming an empty field.
 */
import t from 'tap';
import { createTestApp } from '../helpers/app.js';
import { insertPending, insertTask } from '../helpers/rows.js';
import { staffAuthorization } from '../helpers/users.js';

const { app, database } = await createTestApp(t);
const db = database.db;
const authorization = await staffAuthorization(db);
const pending = await insertPending(db);
const failed = await insertTask(db, { success: false });

const PENDING_CHOICES = 'pk, id, key, payload, lock';

const PROTOTYPE_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', '__defineGetter__', 'isPrototypeOf'];

for (const [url, choices] of [
  ['/api/background-task/pending/', PENDING_CHOICES],
  ['/api/background-task/failed/', undefined],
] as const) {
  t.test(url, async (t) => {
    for (const name of PROTOTYPE_NAMES) {
      for (const key of [name, `${name}__exact`, `${name}__in`]) {
        // Raw JSON text: a JS object literal would not keep an own `__proto__` key.
        const payload = `{"filters":{${JSON.stringify(key)}:1}}`;
        const res = await app.inject({ method: 'DELETE', url, headers: { authorization, 'content-type': 'application/json' }, payload });
        t.equal(res.statusCode, 400, `${key}: 400`);
        const body = res.json() as { filters?: string[] };
        t.ok(Array.isArray(body.filters) && body.filters.length === 1, `${key}: a filters error`);
        const message = body.filters?.[0] ?? '';
        // A name that starts with the lookup separator has no field part: the whole key is named.
        const field = name.startsWith('__') ? key : name;
        t.ok(message.startsWith(`Unknown field '${field}'. Choices are: pk, `), `${key}: names the field (${message})`);
        if (choices) t.equal(message, `Unknown field '${field}'. Choices are: ${choices}`);
      }
    }
    // A lookup name from the prototype on a real column is an unsupported lookup.
    const res = await app.inject({
      method: 'DELETE',
      url,
      headers: { authorization, 'content-type': 'application/json' },
      payload: '{"filters":{"id__constructor":1}}',
    });
    t.equal(res.statusCode, 400);
    t.match(res.json(), { filters: [/^Unsupported lookup 'constructor' on field 'id'/] });
  });
}

t.test('nothing was deleted', async (t) => {
  t.ok(await db.selectFrom('django_q_ormq').select('id').where('id', '=', pending.pk).executeTakeFirst());
  t.ok(await db.selectFrom('django_q_task').select('id').where('id', '=', failed.id).executeTakeFirst());
});
