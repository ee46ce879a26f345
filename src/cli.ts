#!/usr/bin/env node
/**
 * `bgtasks`: the command-line entry point. Each command lives in src/cli/
 * and exports `run(argv, env)` and its `HELP`. Errors end in one line on
 * stderr and exit code 1 — never a stack trace.
 */
import { ConfigError, SETTINGS } from './config/env.js';
import { UsageError } from './cli/args.js';
import { DatabaseUnreachableError } from './db/open.js';
import { packageVersion } from './paths.js';

type Command = { summary: string; load: () => Promise<{ run: (argv: string[], env: NodeJS.ProcessEnv) => Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'serve the API (embedded database unless DATABASE_URL is set)', load: () => import('./cli/serve.js') },
  migrate: { summary: 'create missing tables; never alters existing ones', load: () => import('./cli/migrate.js') },
  seed: { summary: "write realistic tasks in django-q's formats (demo and testing)", load: () => import('./cli/seed.js') },
  user: { summary: 'create and list users (Django-compatible password hashes)', load: () => import('./cli/user.js') },
  token: { summary: 'create and revoke InvenTree API tokens', load: () => import('./cli/token.js') },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const envWidth = Math.max(...SETTINGS.map((s) => s.env.length));
  return [
    'Usage: bgtasks <command> [options]',
    '',
    "InvenTree's background-task API, served from django-q's PostgreSQL tables.",
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `bgtasks <command> --help` for its options.',
    '',
    'Environment:',
    ...SETTINGS.map((s) => `  ${s.env.padEnd(envWidth)}  ${s.help}${s.defaultText ? ` (default ${s.defaultText})` : ''}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    console.log(packageVersion());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`bgtasks: unknown command "${name}". Run \`bgtasks --help\`.\n`);
    return 1;
  }
  const module = await command.load();
  return module.run(rest, process.env);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof DatabaseUnreachableError) {
      process.stderr.write(`bgtasks: ${err.message}\n`);
    } else {
      process.stderr.write(`bgtasks: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exitCode = 1;
  },
);
