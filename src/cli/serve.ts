/**
 * `bgtasks serve`: open (and on the embedded database, prepare) the database,
 * build the app, listen, print one banner, shut down gracefully on signals.
 */
import { existsSync } from 'node:fs';
import { writePrivateFile } from '../config/data-dir.js';
import { join } from 'node:path';
import { announceCreatedAdmin } from '../auth/admin.js';
import { type EnsureAdminResult, ensureAdmin } from '../auth/index.js';
import { type Config, loadConfig } from '../config/env.js';
import { DEMO_COUNTS, queueIsEmpty, type SeedReport, seed } from '../seed/seed.js';
import { embeddedSecretKey } from '../config/secret-key.js';
import type { DatabaseHandle } from '../db/connect.js';
import { checkSchema, describeProblems, inventreeMarkers, migrate, sessionTablesPresent } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { buildApp } from '../app.js';
import { listen } from '../server.js';
import { baseUrl, startupBanner } from '../ops/banner.js';
import { parseCommandArgs, UsageError } from './args.js';

export const HELP = `Usage: bgtasks serve [--host HOST] [--port PORT] [--no-demo]

Serves InvenTree's background-task API.
  With DATABASE_URL: reads that PostgreSQL database (InvenTree's own, or any
  django-q one); checks that the tables exist and never changes the schema.
  Without it: runs an embedded PostgreSQL (PGlite) in DATA_DIR, creating the
  tables, a SECRET_KEY, an admin user and demo tasks on the first start.

Options:
  --host HOST   interface to listen on (env HOST, default 127.0.0.1)
  --port PORT   port (env PORT, default 8000)
  --no-demo     do not seed demo tasks into an empty embedded database
  -h, --help    this text`;

/**
 * The embedded database's first-start chores: an admin when there is no
 * staff user, and — only the very first time, into an empty queue — demo tasks.
 */
async function prepareEmbedded(handle: DatabaseHandle, config: Config, options: { demo: boolean }) {
  const admin = await ensureAdmin(handle.db, config);
  const marker = join(config.dataDir, '.demo-seeded');
  let demo: SeedReport | undefined;
  if (options.demo && !existsSync(marker) && (await queueIsEmpty(handle.db))) {
    demo = await seed(handle.db, { counts: DEMO_COUNTS, secretKey: config.secretKey!, clusterName: config.qClusterName });
  }
  if (!existsSync(marker)) writePrivateFile(marker, `${new Date().toISOString()}\n`);
  return { admin, demo };
}

export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'no-demo': { type: 'boolean' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config: Config = loadConfig({ ...env, ...(values.host ? { HOST: values.host } : {}), ...(values.port ? { PORT: values.port } : {}) });
  const say = (line: string) => process.stderr.write(`bgtasks: ${line}\n`);

  const handles: DatabaseHandle[] = [];
  const primary = await openConfiguredDatabase(config, { retryForMs: config.dbConnectRetrySeconds * 1000, log: say });
  handles.push(primary);
  try {
    let firstStart: { admin: EnsureAdminResult; demo: SeedReport | undefined } | undefined;
    if (primary.kind === 'pglite') {
      await migrate(primary.db);
      config.secretKey ??= embeddedSecretKey(config.dataDir);
      firstStart = await prepareEmbedded(primary, config, { demo: !values['no-demo'] });
    } else {
      const problems = await checkSchema(primary.db);
      if (problems.length) {
        // On InvenTree's own database only InvenTree's migrations may create
        // tables; `bgtasks migrate` is for a fresh database or a test fixture.
        const inventree = (await inventreeMarkers(primary.db)).length > 0;
        say(
          `the database lacks what this service reads: ${describeProblems(problems)}. ${
            inventree
              ? "This is an InvenTree database: bring it up to date with InvenTree's own migrations (InvenTree 0.15.x or later); bgtasks never changes its schema."
              : 'For a database of its own, run `bgtasks migrate` (creates missing tables only).'
          }`,
        );
        await primary.close();
        return 1;
      }
      if ((await sessionTablesPresent(primary.db)).length === 0)
        say('session authentication is off: the database has neither user_sessions_session (InvenTree 0.15) nor django_session.');
      if (!config.secretKey)
        say('warning: SECRET_KEY is not set: task payloads are decoded without verifying their signatures, and session cookies cannot be checked.');
    }
    const read = config.readDatabaseUrl ? await openConfiguredDatabase(config, { read: true, retryForMs: config.dbConnectRetrySeconds * 1000, log: say }) : undefined;
    if (read) handles.push(read);

    const lifecycle = { shuttingDown: false };
    const app = await buildApp({ config, db: primary.db, ...(read ? { readDb: read.db } : {}), lifecycle, databaseKind: primary.kind });
    const server = await listen(app, handles, {
      host: config.host,
      port: config.port,
      graceSeconds: config.shutdownGraceSeconds,
      onShutdownStart: () => {
        lifecycle.shuttingDown = true;
      },
    });
    // stderr: stdout carries only JSON log lines.
    process.stderr.write(
      `${startupBanner({ config, address: app.server.address(), database: primary, ...(read ? { read } : {}) })}\n`,
    );
    const address = app.server.address();
    const origin = baseUrl(config.host, address && typeof address === 'object' ? address.port : config.port);
    if (firstStart?.admin.created) {
      announceCreatedAdmin(firstStart.admin, {
        dataDir: config.dataDir,
        tty: process.stderr.isTTY === true,
        origin,
        write: (text) => process.stderr.write(text),
      });
    } else if (firstStart?.admin.note) say(firstStart.admin.note);
    if (firstStart?.demo)
      say(`seeded demo tasks: ${firstStart.demo.pending} pending, ${firstStart.demo.failed} failed, ${firstStart.demo.success} successful, ${firstStart.demo.scheduled} schedules (start with --no-demo to skip)`);
    await server.closed;
    return 0;
  } catch (err) {
    for (const handle of handles) await handle.close().catch(() => {});
    if (err instanceof UsageError) throw err;
    throw err;
  }
}
