/**
 * Docker without a Docker engine: the Dockerfile's structure (multi-stage,
 * production dependencies only, non-root, HOST=0.0.0.0, tini, a HEALTHCHECK
 * on /healthz — whose command is run here against a stub server), the
 * build context, the compose file (services, health checks, dependencies,
 * settings), .env.example, `docker compose config` when a compose client is
 * installed, and the operations guide's SQL for a first API token.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { SETTINGS } from '../../src/config/env.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { createTestApp } from '../helpers/app.js';

const read = (name: string) => readFileSync(join(PROJECT_ROOT, name), 'utf8');
const SETTING_NAMES = new Set(SETTINGS.map((s) => s.env));

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  body: Instruction[];
}

/** Dockerfile → instructions (continuations joined, comments dropped), grouped by stage. */
function parseDockerfile(text: string): { args: Instruction[]; stages: Stage[] } {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) continue;
    if (current && line.startsWith('#')) continue;
    if (line.endsWith('\\')) current += `${line.slice(0, -1).trim()} `;
    else {
      logical.push(current + line);
      current = '';
    }
  }
  const args: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const instruction = { op: op.toUpperCase(), args: rest.join(' ') };
    if (instruction.op === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      stages.push({ from: m?.[1] ?? '', name: m?.[2], body: [] });
    } else if (stages.length) stages.at(-1)!.body.push(instruction);
    else args.push(instruction);
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const runtime = dockerfile.stages.at(-1)!;
const ops = (stage: Stage, op: string) => stage.body.filter((i) => i.op === op);
const execForm = (args: string) => JSON.parse(args) as string[];

/** A RUN's shell commands (split on `&&`), each as its words. */
const commands = (stage: Stage): string[][] =>
  ops(stage, 'RUN').flatMap((r) => r.args.split('&&').map((c) => c.trim().split(/\s+/)));
const hasCommand = (stage: Stage, words: string[]) =>
  commands(stage).some((c) => words.every((w, i) => c[i] === w));
const commandsOf = (stage: Stage, words: string[]) => commands(stage).filter((c) => words.every((w, i) => c[i] === w));
/** COPY [--from=stage] src… dest. */
const copies = (stage: Stage) =>
  ops(stage, 'COPY').map((c) => {
    const words = c.args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const paths = words.filter((w) => !w.startsWith('--'));
    return { from, sources: paths.slice(0, -1), dest: paths.at(-1)! };
  });
/** ENV KEY=VALUE … of a stage, as a map. */
const environment = (stage: Stage) =>
  new Map(ops(stage, 'ENV').flatMap((e) => e.args.split(/\s+/).map((pair) => pair.split('=', 2) as [string, string])));

t.test('Dockerfile: multi-stage, build then a slim runtime with production dependencies only', async (t) => {
  t.ok(dockerfile.stages.length >= 2, `${dockerfile.stages.length} stages`);
  for (const stage of dockerfile.stages) t.ok(stage.name, `stage ${stage.from} is named`);
  const build = dockerfile.stages.find((s) => hasCommand(s, ['npm', 'run', 'build']));
  t.ok(build, 'a stage compiles the TypeScript');
  const buildInstall = commandsOf(build!, ['npm', 'ci']);
  t.equal(buildInstall.length, 1);
  t.notOk(buildInstall[0]!.includes('--omit=dev'), 'with dev dependencies');
  const deps = dockerfile.stages.find((s) => commandsOf(s, ['npm', 'ci']).some((c) => c.includes('--omit=dev')));
  t.ok(deps, 'a stage installs production dependencies only');
  t.ok(commandsOf(deps!, ['npm', 'ci'])[0]!.includes('--ignore-scripts'), 'without running install scripts');
  t.not(runtime, build, 'the runtime is not the build stage');
  const runtimeCopies = copies(runtime);
  t.same(
    runtimeCopies.filter((c) => c.from !== undefined),
    [
      { from: deps!.name, sources: ['/app/node_modules'], dest: './node_modules' },
      { from: build!.name, sources: ['/app/dist'], dest: './dist' },
    ],
    'node_modules from the production stage (never the dev one), the compiled dist/ from the build',
  );
  t.same(
    runtimeCopies.filter((c) => c.from === undefined),
    [
      { from: undefined, sources: ['package.json'], dest: './' },
      { from: undefined, sources: ['openapi'], dest: './openapi' },
      { from: undefined, sources: ['src/ui/assets'], dest: './src/ui/assets' },
    ],
    'package.json, the document and the dashboard assets at run time, nothing else from the context',
  );
  t.same(commandsOf(runtime, ['npm']), [], 'no npm in the runtime stage');
  const base = dockerfile.args.find((a) => a.op === 'ARG' && a.args.startsWith('NODE_IMAGE='));
  t.match(base?.args, /^NODE_IMAGE=node:20\.\d+-\w+-slim$/, 'slim Node 20 image');
});

t.test('Dockerfile: non-root, HOST=0.0.0.0, tini, exec-form entry point', async (t) => {
  const users = ops(runtime, 'USER');
  t.equal(users.length, 1);
  const user = users[0]!.args.split(':')[0]!;
  t.notOk(['root', '0'].includes(user), `runs as ${users[0]!.args}`);
  t.match(user, /^\d+$/, 'numeric, so runAsNonRoot can check it');
  const userIndex = runtime.body.indexOf(users[0]!);
  t.ok(runtime.body.slice(userIndex).every((i) => i.op !== 'RUN'), 'nothing runs as root after USER');
  const env = environment(runtime);
  t.equal(env.get('HOST'), '0.0.0.0');
  t.equal(env.get('PORT'), '8000');
  t.equal(env.get('NODE_ENV'), 'production');
  t.equal(env.get('DATA_DIR'), '/data');
  t.ok(ops(runtime, 'EXPOSE').some((e) => e.args === '8000'));
  const entrypoint = execForm(ops(runtime, 'ENTRYPOINT')[0]!.args);
  t.match(entrypoint[0], /tini$/, 'tini is PID 1');
  t.equal(entrypoint[1], '--');
  t.equal(entrypoint[2], 'bgtasks');
  t.ok(commandsOf(runtime, ['apt-get', 'install']).some((c) => c.includes('tini')), 'tini installed');
  t.ok(hasCommand(runtime, ['ln', '-s', '/app/dist/src/cli.js', '/usr/local/bin/bgtasks']), 'bgtasks on PATH');
  const bin = (JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin.bgtasks;
  t.equal(bin, 'dist/src/cli.js', 'the same entry as package.json bin');
  t.same(execForm(ops(runtime, 'CMD')[0]!.args), ['serve']);
});

t.test('Dockerfile: HEALTHCHECK on /healthz, and its command works', async (t) => {
  const health = ops(runtime, 'HEALTHCHECK');
  t.equal(health.length, 1);
  const m = /^(.*?)\s*CMD\s+(\[.*\])$/.exec(health[0]!.args);
  t.ok(m, 'exec form');
  t.match(m![1], /--interval=\d+s/);
  t.match(m![1], /--timeout=\d+s/);
  const command = execForm(m![2]!);
  t.equal(command[0], 'node');
  t.match(command.join(' '), /\/healthz/);

  let status = 200;
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' ? status : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const port = (server.address() as { port: number }).port;
  const probe = (p: number) =>
    new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, command.slice(1), { env: { ...process.env, PORT: String(p) }, stdio: 'ignore' });
      child.on('close', resolve);
    });
  t.equal(await probe(port), 0, 'healthy → exit 0');
  status = 503;
  t.equal(await probe(port), 1, 'unhealthy → exit 1');
  server.close();
  t.equal(await probe(port), 1, 'nothing listening → exit 1');
});

t.test('.dockerignore: small context, no secrets, nothing needed left out', async (t) => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  for (const p of ['node_modules', '.env', '.git', 'dist', 'data', '.tap']) t.ok(patterns.includes(p), `ignores ${p}`);
  const sources = dockerfile.stages
    .flatMap((s) => ops(s, 'COPY'))
    .filter((c) => !c.args.includes('--from='))
    .flatMap((c) => c.args.split(/\s+/).slice(0, -1));
  t.ok(sources.length >= 6, `copied from the context: ${sources.join(' ')}`);
  for (const source of sources) {
    t.ok(existsSync(join(PROJECT_ROOT, source)), `${source} exists`);
    t.notOk(
      patterns.some((p) => !p.startsWith('!') && (p === source || source.startsWith(`${p}/`))),
      `${source} is not ignored`,
    );
  }
});

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  restart?: string;
  stop_grace_period?: string;
}
const composeText = read('docker-compose.yml');
const compose = parseYaml(composeText, { merge: true }) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
/** `${NAME…}` references of the compose file. */
const composeVariables = new Set([...composeText.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!));

t.test('docker-compose.yml: postgres, one-shot migrate, api', async (t) => {
  const { postgres, migrate, api } = compose.services;
  t.ok(postgres && migrate && api, 'three services');
  t.match(postgres!.image, /^postgres:\d+/, 'the official image');
  t.match(postgres!.healthcheck?.test.join(' '), /pg_isready/);
  const volume = postgres!.volumes?.[0]?.split(':')[0];
  t.ok(volume && volume in compose.volumes, 'a named volume');
  t.notOk(postgres!.ports, 'the database is not published');

  t.same(migrate!.command, ['migrate']);
  t.equal(migrate!.restart, 'no', 'one-shot');
  t.same(migrate!.depends_on, { postgres: { condition: 'service_healthy' } });
  t.equal(
    migrate!.environment?.DATABASE_URL,
    'postgres://postgres:5432/inventree',
    'migrate always targets the bundled database, never a DATABASE_URL pointed at InvenTree',
  );

  t.same(api!.command, ['serve']);
  t.same(api!.depends_on, { postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
  t.match(api!.ports?.[0], /:8000$/);
  t.equal(api!.image, migrate!.image, 'one image for both');
  t.ok(api!.build && migrate!.build, 'built from this repository');
  const grace = Number.parseInt(api!.stop_grace_period ?? '10', 10);
  t.ok(grace > 10, `stop_grace_period ${grace}s exceeds SHUTDOWN_GRACE_SECONDS' default`);
});

t.test('docker-compose.yml: configured only through environment variables', async (t) => {
  const env = compose.services.api!.environment ?? {};
  for (const name of Object.keys(env)) t.ok(SETTING_NAMES.has(name) || name.startsWith('PG'), `${name} is a setting`);
  const embeddedOnly = new Set(['DATA_DIR', 'HOST', 'PORT', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'ADMIN_TOKEN']);
  for (const name of SETTING_NAMES) if (!embeddedOnly.has(name)) t.ok(name in env, `${name} passed through`);
  t.notMatch(composeText, /\$\{[^}]*\$\{/, 'no nested interpolation (compose v1 misreads it)');
  t.notMatch(composeText, /^\s+(SECRET_KEY\w*|METRICS_TOKEN|PGPASSWORD|POSTGRES_PASSWORD|DATABASE_URL):[ \t]*(?!\$\{|postgres:\/\/postgres:5432\/inventree$)\S/m, 'no secret written into the file (the bundled URL carries no credentials)');
});

t.test('.env.example documents every variable the compose file reads', async (t) => {
  const text = read('.env.example');
  const documented = new Set([...text.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
  for (const name of composeVariables) t.ok(documented.has(name), `${name} in .env.example`);
  for (const name of documented) t.ok(SETTING_NAMES.has(name) || composeVariables.has(name), `${name} is used`);
  const guide = read('docs/operations.md');
  for (const name of SETTING_NAMES) t.match(guide, `\`${name}\``, `${name} in docs/operations.md`);
});

/** A compose client: the v2 plugin (`docker compose`) or the standalone `docker-compose`. */
function composeClient(): { cmd: string; args: string[] } | undefined {
  for (const candidate of [
    { cmd: 'docker', args: ['compose'] },
    { cmd: 'docker-compose', args: [] },
  ]) {
    try {
      execFileSync(candidate.cmd, [...candidate.args, 'version'], { stdio: 'ignore', timeout: 20_000 });
      return candidate;
    } catch {}
  }
  return undefined;
}
const client = composeClient();
const noClient = client ? false : 'no compose client (neither `docker compose` nor `docker-compose`)';
if (noClient) t.comment(`compose config check skipped: ${noClient}`);

t.test('`docker compose config` accepts the file', { skip: noClient }, async (t) => {
  const config = (extraEnv: Record<string, string>, envFile?: string) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extraEnv };
    const args = [...client!.args, ...(envFile ? ['--env-file', envFile] : []), '-f', 'docker-compose.yml', 'config'];
    return parseYaml(execFileSync(client!.cmd, args, { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 60_000 })) as {
      services: Record<string, ComposeService>;
    };
  };
  t.comment(`using ${[client!.cmd, ...client!.args].join(' ')}`);
  const example = config({}, '.env.example');
  t.equal(example.services.api?.environment?.DATABASE_URL, 'postgres://postgres:5432/inventree', 'the bundled database');
  t.equal(example.services.api?.environment?.PGPASSWORD, 'change-me');
  t.equal(example.services.postgres?.environment?.POSTGRES_PASSWORD, 'change-me', 'the same password on both sides');
  const external = config({ DATABASE_URL: 'postgres://ro:pw@db.example:5432/inventree', SECRET_KEY: 'k' }, '.env.example');
  t.equal(external.services.api?.environment?.DATABASE_URL, 'postgres://ro:pw@db.example:5432/inventree', 'DATABASE_URL wins');
  t.equal(external.services.api?.environment?.SECRET_KEY, 'k');
});

t.test('docs/operations.md: every `bgtasks` command it runs through compose exists', async (t) => {
  const commands = new Set([...read('src/cli.ts').matchAll(/^\s+([\w-]+): \{ summary:/gm)].map((m) => m[1]!));
  const used = [...read('docs/operations.md').matchAll(/docker compose run --rm (?:-T )?migrate\s+([\w-]+)?/g)].map((m) => m[1] ?? 'migrate');
  t.ok(used.length >= 3, `${used.length} commands`);
  for (const command of used) t.ok(commands.has(command) || command === 'migrate', `bgtasks ${command}`);
});

t.test("docs/operations.md: the first-token SQL works against this service's tables", async (t) => {
  const guide = read('docs/operations.md');
  const block = /<!-- sql:create-token -->\s*```sql\n([\s\S]*?)```/.exec(guide)?.[1];
  t.ok(block, 'the SQL block is there');
  const { app, database } = await createTestApp(t);
  const { rows } = await sql.raw<{ key: string }>(block!).execute(database.db);
  t.match(rows[0]?.key, /^inv-[0-9a-f]{40}-\d{8}$/);
  const res = await app.inject({ url: '/api/background-task/', headers: { authorization: `Token ${rows[0]!.key}` } });
  t.equal(res.statusCode, 200, 'the token is accepted');
});
