/** `bgtasks user`: create and list Django users (auth_user) that can call the API. */
import { createUser, listUsers, usernameProblem } from '../auth/accounts.js';
import { parseCommandArgs, UsageError, withAccountDatabase } from './args.js';

export const HELP = `Usage: bgtasks user create --username NAME [--password PASSWORD | --password-stdin] [--staff] [--superuser]
       bgtasks user list

create  Adds a user to auth_user with a Django-compatible password hash
        (pbkdf2_sha256, 1,000,000 iterations as Django 5.2), usable by
        InvenTree too. Only --staff users may call the background-task API.
        Without a password the account is token-only (unusable password);
        give it a token with \`bgtasks token create --user NAME\`.
          --username NAME     letters, digits and @ . + - _ (max 150)
          --password PASSWORD visible in the process list: prefer
          --password-stdin    read the password from standard input
          --staff             may call the API
          --superuser         Django superuser (does not imply --staff)
list    Prints every user: id, name, staff/superuser/active, whether it has
        a password, and how many usable tokens it holds.

Uses DATABASE_URL, or the embedded database in DATA_DIR (stop \`bgtasks serve\`
first: the embedded database has one user at a time).`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  // A trailing newline is the shell's, not the password's.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    username: { type: 'string' },
    password: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    staff: { type: 'boolean' },
    superuser: { type: 'boolean' },
  });
  const [action, ...extra] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 1;
  }
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (action !== 'create' && action !== 'list') throw new UsageError(`unknown action "${action}" (create or list)`);
  if (action === 'create') {
    if (!values.username) throw new UsageError('user create needs --username NAME');
    const problem = usernameProblem(values.username);
    if (problem) throw new UsageError(problem);
    if (values.password !== undefined && values['password-stdin']) throw new UsageError('give --password or --password-stdin, not both');
  } else if (values.username || values.password || values['password-stdin'] || values.staff || values.superuser) {
    throw new UsageError('user list takes no options');
  }
  const password = values['password-stdin'] ? await readStdin() : values.password;
  if (password === '') throw new UsageError('the password must not be empty');

  return withAccountDatabase(env, async (db, config) => {
    if (action === 'list') {
      const users = await listUsers(db, config.timeZone);
      const rows = users.map((u) => [
        String(u.id),
        u.username,
        [u.isStaff && 'staff', u.isSuperuser && 'superuser', !u.isActive && 'inactive'].filter(Boolean).join(',') || '-',
        u.hasPassword ? 'yes' : 'no',
        String(u.activeTokens),
      ]);
      const table = [['ID', 'USERNAME', 'FLAGS', 'PASSWORD', 'TOKENS'], ...rows];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
      for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
      return 0;
    }
    const user = await createUser(db, {
      username: values.username as string,
      ...(password !== undefined ? { password } : {}),
      isStaff: values.staff ?? false,
      isSuperuser: values.superuser ?? false,
    });
    const flags = [values.staff && 'staff', values.superuser && 'superuser'].filter(Boolean).join(', ');
    console.log(`created user "${user.username}" (id ${user.id}${flags ? `, ${flags}` : ''}${password === undefined ? ', no password: token only' : ''})`);
    if (!values.staff) process.stderr.write('bgtasks: note: without --staff this user cannot call the background-task API\n');
    return 0;
  });
}
