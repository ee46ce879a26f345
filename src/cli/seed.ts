/** `bgtasks seed`: write realistic django-q rows (see src/seed/seed.ts). */
import { loadConfig } from '../config/env.js';
import { embeddedSecretKey } from '../config/secret-key.js';
import { migrate } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { seed } from '../seed/seed.js';
import { parseCommandArgs, UsageError } from './args.js';

export const HELP = `Usage: bgtasks seed [--pending N] [--failed N] [--success N] [--scheduled N] [--reset [--yes]]

Writes tasks in django-q's exact formats: pending payloads signed with
SECRET_KEY and Q_CLUSTER_NAME, failures with tracebacks and retries,
successes, and schedules of every type.
Uses DATABASE_URL, or the embedded database in DATA_DIR.

Options:
  --pending N     pending (queued) tasks          (default 25)
  --failed N      failed tasks                    (default 40)
  --success N     successful tasks                (default 30)
  --scheduled N   schedules                       (default 12)
  --reset         delete every row of django_q_ormq, django_q_task and
                  django_q_schedule first (on DATABASE_URL only with --yes)
  --yes           confirm --reset on a DATABASE_URL database`;

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
  if (values.reset && config.databaseUrl && !values.yes)
    throw new UsageError('--reset on DATABASE_URL deletes every queued, finished and scheduled task: add --yes to confirm');
  const handle = await openConfiguredDatabase(config, { retryForMs: config.dbConnectRetrySeconds * 1000 });
  try {
    if (handle.kind === 'pglite') await migrate(handle.db);
    const secretKey = config.secretKey ?? (handle.kind === 'pglite' ? embeddedSecretKey(config.dataDir) : undefined);
    if (!secretKey) throw new UsageError('SECRET_KEY is required to sign task payloads on a DATABASE_URL database');
    const report = await seed(handle.db, { counts, secretKey, clusterName: config.qClusterName, reset: values.reset ?? false });
    console.log(
      `seeded ${report.pending} pending (${report.retries} of them retries of failed tasks), ${report.failed} failed, ${report.success} successful tasks and ${report.scheduled} schedules into ${handle.description}`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
