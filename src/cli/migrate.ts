/** `bgtasks migrate`: create the tables this service needs; never alter existing ones. */
import { loadConfig } from '../config/env.js';
import { ensureIndexes, INDEXES } from '../db/indexes.js';
import { describeProblems, migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { ensureSidecarTables } from '../tasks/actions/index.js';
import { parseCommandArgs } from './args.js';

export const HELP = `Usage: bgtasks migrate [--with-indexes] | --sidecar

Creates whichever of django_q_task, django_q_ormq, django_q_schedule,
auth_user, users_apitoken and django_session are missing, with the exact
DDL django-q2 and Django use. Idempotent. Never alters or drops an existing
table or column, so it is safe on a live InvenTree database.
Uses DATABASE_URL, or the embedded database in DATA_DIR.

Options:
  --with-indexes  also create the optional bgtasks_* indexes for large
                  tables (CREATE INDEX CONCURRENTLY; opt-in, never automatic):
${INDEXES.map((i) => `                    ${i.name}: ${i.purpose}`).join('\n')}
  --sidecar       create only this service's own tables (bgtasks_schedule_pause
                  for pausing schedules, bgtasks_audit for the audit trail) and
                  touch nothing else: allowed on an InvenTree database
  -h, --help      this text`;

export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(argv, { 'with-indexes': { type: 'boolean' }, sidecar: { type: 'boolean' } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig(env);
  const handle = await openConfiguredDatabase(config, { retryForMs: config.dbConnectRetrySeconds * 1000, log: (m) => process.stderr.write(`bgtasks: ${m}\n`) });
  try {
    if (values.sidecar) {
      const created = await ensureSidecarTables(handle.db);
      console.log(created.length ? `created: ${created.join(', ')}` : 'nothing to create: the sidecar tables exist');
      return 0;
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
