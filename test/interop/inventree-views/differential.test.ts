/**
 * Differential suite: InvenTree 0.15's background-task views re-implemented
 * on real Django 3.2 + DRF 3.14 (Debian packages, django/ beside this file),
 * served by gunicorn, against our server in API_COMPAT=inventree mode. Both
 * read a database built from InvenTree 0.15's real DDL
 * (test/fixtures/inventree-0.15.sql), seeded once and copied, so each side
 * has its own identical copy for the deletes. Every case of fixtures/cases/
 * is sent to both; status, Content-Type, Allow, WWW-Authenticate, Vary and
 * the body must be identical, except the deliberate differences of
 * fixtures/deliberate.ts, which must differ exactly as listed.
 * PostgreSQL only (TEST_DATABASE_URL); skipped with the reason when the
 * Debian packages are missing, a failure with INTEROP_REQUIRED=1.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import t, { type Test } from 'tap';
import { openPostgres } from '../../../src/db/connect.js';
import type { Database } from '../../../src/db/schema.js';
import { buildApp } from '../../../src/app.js';
import { PROJECT_ROOT } from '../../../src/paths.js';
import { testConfig } from '../../helpers/config.js';
import { allCases, type Case } from './fixtures/cases/index.js';
import { BODY_NOT_COMPARED, DELIBERATE, NO_CONTENT_RULE } from './fixtures/deliberate.js';
import { type Answer, authHeaders, difference, referenceUnavailable, send, startReference } from './fixtures/harness.js';
import { clone, SECRET_KEY, seed } from './fixtures/seed.js';

const databaseUrl = process.env.TEST_DATABASE_URL;
const unavailable = databaseUrl ? referenceUnavailable() : 'needs TEST_DATABASE_URL (a real PostgreSQL server)';
if (unavailable) {
  if (process.env.INTEROP_REQUIRED === '1' && databaseUrl) t.fail(`InvenTree views differential cannot run (INTEROP_REQUIRED=1): ${unavailable}`);
  else t.plan(0, `InvenTree views differential skipped: ${unavailable}`);
} else {
  t.test('InvenTree 0.15 views on Django + DRF vs this server', (tt) => run(tt, databaseUrl!));
}

async function createFixtureSchema(admin: Kysely<Database>, schema: string): Promise<void> {
  await sql`CREATE SCHEMA ${sql.id(schema)}`.execute(admin);
  const ddl = readFileSync(join(PROJECT_ROOT, 'test/fixtures/inventree-0.15.sql'), 'utf8');
  await sql.raw(`SET search_path TO "${schema}";\n${ddl}\nRESET search_path;`).execute(admin);
}

async function run(t: Test, url: string): Promise<void> {
  const suffix = randomBytes(5).toString('hex');
  const refSchema = `t_ivref_${suffix}`;
  const ourSchema = `t_ivours_${suffix}`;
  const admin = openPostgres({ url, poolMax: 1 });
  t.teardown(async () => {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(refSchema)} CASCADE`.execute(admin.db);
    await sql`DROP SCHEMA IF EXISTS ${sql.id(ourSchema)} CASCADE`.execute(admin.db);
    await admin.close();
  });
  await createFixtureSchema(admin.db, refSchema);
  await createFixtureSchema(admin.db, ourSchema);
  const refDb = openPostgres({ url, schema: refSchema, poolMax: 2 });
  const data = await seed(refDb.db);
  await refDb.close();
  await clone(admin.db, refSchema, ourSchema);

  const reference = await startReference({ url, schema: refSchema, secretKey: SECRET_KEY });
  t.teardown(reference.stop);
  const ours = openPostgres({ url, schema: ourSchema, poolMax: 4 });
  // AUTH_RATE_LIMIT off: InvenTree has no such limiter, and the cases fail authentication on purpose.
  const config = testConfig({ apiCompat: 'inventree', secretKey: SECRET_KEY, timeZone: 'UTC', qClusterName: 'InvenTree', authRateLimitPerMinute: 0 });
  const app = await buildApp({ config, db: ours.db, logger: false, databaseKind: 'postgres' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await app.close();
    await ours.close();
  });
  const ourPort = (app.server.address() as { port: number }).port;

  const auth = authHeaders(data);
  const cases = allCases({ pending: data.pending, failed: data.failed, schedules: data.schedules });
  const ordered = [...cases.filter((c) => !c.mutates), ...cases.filter((c) => c.mutates)];
  const replay = async (c: Case, port: number): Promise<Answer> =>
    send(port, { method: c.method, path: c.path, headers: { ...(c.auth ? auth[c.auth] : {}), ...(c.headers ?? {}) }, ...(c.body !== undefined ? { body: c.body } : {}) });

  let identical = 0;
  let deliberate = 0;
  const unexpected: string[] = [];
  for (const c of ordered) {
    if (c.auth && !auth[c.auth]) throw new Error(`case ${c.id}: unknown auth ${c.auth}`);
    const ref = await replay(c, reference.port).catch((err) => {
      throw new Error(`${c.id}: the reference failed: ${err}\n${reference.output()}`);
    });
    const our = await replay(c, ourPort).catch((err) => {
      throw new Error(`${c.id}: our server failed: ${err}`);
    });
    const diff = difference(ref, our, { ...(c.ties ? { ties: c.ties } : {}), compareBody: !(c.id in BODY_NOT_COMPARED), method: c.method });
    const expected = DELIBERATE[c.id];
    if (!expected && NO_CONTENT_RULE.applies(ref.status, our.status)) {
      deliberate++;
      // Only the 204's body and Content-Type may differ: Django's, and none.
      t.equal(ref.headers['content-type'], 'application/json', `${c.id}: Django writes a JSON body after its 204`);
      t.match(ref.body.toString('utf8'), /^\{"success":"Deleted \d+ items"\}$/, `${c.id}: ${ref.body.toString('utf8')}`);
      t.equal(our.body.length, 0, `${c.id}: ours has none (${NO_CONTENT_RULE.why})`);
      t.equal(our.headers['content-type'], undefined);
      for (const h of ['allow', 'www-authenticate', 'vary'] as const) t.equal(our.headers[h], ref.headers[h], `${c.id}: ${h}`);
    } else if (expected) {
      deliberate++;
      t.equal(ref.status, expected.inventree, `${c.id}: InvenTree answers ${expected.inventree} (${expected.why})`);
      t.equal(our.status, expected.ours, `${c.id}: we answer ${expected.ours}`);
      t.not(diff, '', `${c.id}: still a difference`);
    } else if (diff === '') identical++;
    else unexpected.push(`${c.id}\n    ${diff}`);
  }
  const compared = ordered.length - deliberate;
  t.comment(`identical ${identical}/${compared} (plus ${deliberate} deliberate differences, asserted as such)`);
  process.stdout.write(`# identical ${identical}/${compared}\n`);
  t.ok(ordered.length >= 150, `${ordered.length} requests replayed`);
  for (const u of unexpected) t.fail(`differs from InvenTree: ${u}`);
  t.equal(unexpected.length, 0, 'no difference outside the deliberate ones');

  // The deletes removed the same rows on both sides.
  const rows = async (schema: string) => {
    const db = openPostgres({ url, schema, poolMax: 1 });
    try {
      const ormq = await sql<{ id: number }>`SELECT id FROM django_q_ormq ORDER BY id`.execute(db.db);
      const task = await sql<{ id: string }>`SELECT id FROM django_q_task ORDER BY id`.execute(db.db);
      return { ormq: ormq.rows.map((r) => r.id), task: task.rows.map((r) => r.id) };
    } finally {
      await db.close();
    }
  };
  t.same(await rows(ourSchema), await rows(refSchema), 'the same rows are left on both sides after the deletes');
}
