/** `bgtasks migrate`: create the tables this service needs; never alter existing ones. */
import { loadConfig } from '../config/env.js';
import { ensureIndexes, INDEXES } from '../db/indexes.js';
import { describeProblems, inventreeMarkers, migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { ensureSidecarTables } from '../tasks/actions/index.js';
import { parseCommandArgs } from './args.js';

export const HELP = `Usage: bgtasks migrate [--with-indexes] [--force] | --sidecar

Creates whichever of django_q_task, django_q_ormq, django_q_schedule,
auth_user, users_apitoken and django_session are missing, with the exact
DDL django-q2 and Django use, in a database of this service's own (or a
test fixture). Idempotent. Never alters or drops an existing table or column.
Refuses to run on an InvenTree database (one with InvenTree's own tables,
such as users_ruleset): InvenTree's migrations own that schema.
Uses DATABASE_URL, or the embedded database in DATA_DIR.

Options:
  --force         run even on an InvenTree database (creates only what is
                  missing; never needed by a working InvenTree install)
  --with-indexes  also create the optional bgtasks_* indexes for large
                  tables (CREATE INDEX CONCURRENTLY; opt-in, never automatic):
${INDEXES.map((i) => `                    ${i.name}: ${i.purpose}`).join('\n')}
  --sidecar       create only this service's own tables (bgtasks_schedule_pause
                  for pausing schedules, bgtasks_audit for the audit trail) and
                  touch nothing else: allowed on an InvenTree database
  -h, --help      this text`;

export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(argv, { 'with-indexes': { type: 'boolean' }, force: { type: 'boolean' }, sidecar: { type: 'boolean' } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig(env);
  const handle = await openConfiguredDatabase(config, { retryForMs: config.dbConnectRetrySeconds * 1000, log: (m) => process.stderr.write(`bgtasks: ${m}\n`) });
  try {
    if (values.sidecar) {
      // Our own tables only: nothing of InvenTree's or django-q's is touched, so no --force.
      const created = await ensureSidecarTables(handle.db);
      console.log(created.length ? `created: ${created.join(', ')}` : 'nothing to create: the sidecar tables exist');
      return 0;
    }
    const markers = await inventreeMarkers(handle.db);
    if (markers.length && !values.force) {
      process.stderr.write(
        `bgtasks: refusing to migrate an InvenTree database (it has ${markers.join(', ')}): InvenTree's own migrations own its schema, and this service serves it as it is. Use --force only if you really mean to create missing tables in it.\n`,
      );
      return 1;
    }
    const result = await migrate(handle.db);
    console.log(result.created.length ? `created: ${result.created.join(', ')}` : 'nothing to create: all tables exist');
    if (result.incompatible.length) {
      process.stderr.write(`bgtasks: existing tables lack columns this service reads (not altered): ${describeProblems(result.incompatible)}\n`);
      return 1;
    }
    if (values['with-indexes']) {
      await ensureIndexes(handle.db, { concurrently: handle.kind === 'postgres', log: (line) => console.log(`index ${line}`) });
    }
    return 0;
  } finally {
    await handle.close();
  }
}
