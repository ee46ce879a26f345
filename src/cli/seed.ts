/** `bgtasks seed`: write realistic django-q rows (see src/seed/seed.ts). */
import { loadConfig } from '../config/env.js';
import { embeddedSecretKey } from '../config/secret-key.js';
import { inventreeMarkers, migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { DEMO_FUNCTION_PREFIX, seed } from '../seed/seed.js';
import { parseCommandArgs, UsageError } from './args.js';

export const HELP = `Usage: bgtasks seed [--pending N] [--failed N] [--success N] [--scheduled N] [--reset] [--yes]
                   [--inventree-functions] [--i-know-a-live-cluster-will-run-these]

Writes tasks in django-q's exact formats: pending payloads signed with
SECRET_KEY and Q_CLUSTER_NAME, failures with tracebacks and retries,
successes, and schedules of every type. Task functions live under
${DEMO_FUNCTION_PREFIX.slice(0, -1)}, a module InvenTree does not have, so a django-q cluster that
picks one up fails to import it instead of running it.
Uses the embedded database in DATA_DIR, or DATABASE_URL — only with --yes,
and never a database holding InvenTree's own tables (a live InvenTree's
cluster would run the pending tasks and schedules) unless you say so.

Options:
  --pending N     pending (queued) tasks          (default 25)
  --failed N      failed tasks                    (default 40)
  --success N     successful tasks                (default 30)
  --scheduled N   schedules                       (default 12)
  --reset         delete every row of django_q_ormq, django_q_task and
                  django_q_schedule first
  --yes           required to write into a DATABASE_URL database at all
  --inventree-functions
                  use InvenTree's real function names (send_email,
                  run_backup, delete_*, …) instead of ${DEMO_FUNCTION_PREFIX}…
  --i-know-a-live-cluster-will-run-these
                  write even into a database holding InvenTree's tables`;

function count(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > 5_000_000) throw new UsageError(`--${name} takes a whole number up to 5000000, got "${value}"`);
  return Number(value);
}

export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    pending: { type: 'string' },
    failed: { type: 'string' },
    success: { type: 'string' },
    scheduled: { type: 'string' },
    reset: { type: 'boolean' },
    yes: { type: 'boolean' },
    'inventree-functions': { type: 'boolean' },
    'i-know-a-live-cluster-will-run-these': { type: 'boolean' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const counts = {
    pending: count('pending', values.pending, 25),
    failed: count('failed', values.failed, 40),
    success: count('success', values.success, 30),
    scheduled: count('scheduled', values.scheduled, 12),
  };
  const config = loadConfig(env);
  if (config.databaseUrl && !values.yes)
    throw new UsageError(
      values.reset
        ? '--reset on DATABASE_URL deletes every queued, finished and scheduled task: add --yes to confirm'
        : 'seed writes signed pending tasks and schedules into DATABASE_URL, which a django-q cluster reading that database would run: add --yes to confirm (or unset DATABASE_URL to seed the embedded database)',
    );
  const handle = await openConfiguredDatabase(config, { retryForMs: config.dbConnectRetrySeconds * 1000 });
  try {
    if (handle.kind === 'pglite') await migrate(handle.db);
    else {
      const inventree = await inventreeMarkers(handle.db);
      if (inventree.length && !values['i-know-a-live-cluster-will-run-these'])
        throw new UsageError(
          `refusing to seed ${handle.description}: it holds InvenTree's own tables (${inventree.join(', ')}), so a live InvenTree's django-q cluster would run the seeded pending tasks and schedules. Seed a separate database, or add --i-know-a-live-cluster-will-run-these`,
        );
    }
    const secretKey = config.secretKey ?? (handle.kind === 'pglite' ? embeddedSecretKey(config.dataDir) : undefined);
    if (!secretKey) throw new UsageError('SECRET_KEY is required to sign task payloads on a DATABASE_URL database');
    const report = await seed(handle.db, {
      counts,
      secretKey,
      clusterName: config.qClusterName,
      reset: values.reset ?? false,
      functions: values['inventree-functions'] ? 'inventree' : 'demo',
    });
    console.log(
      `seeded ${report.pending} pending (${report.retries} of them retries of failed tasks), ${report.failed} failed, ${report.success} successful tasks and ${report.scheduled} schedules into ${handle.description}`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
