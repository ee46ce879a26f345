/** `bgtasks token`: issue and revoke InvenTree API tokens (users_apitoken). */
import { createToken, isIsoDate, revokeToken } from '../auth/accounts.js';
import { todayIn } from '../auth/dates.js';
import { parseCommandArgs, UsageError, withAccountDatabase } from './args.js';

export const HELP = `Usage: bgtasks token create --user NAME [--name NAME] [--expiry YYYY-MM-DD]
       bgtasks token revoke KEY

create  Issues an API token for an existing user, in InvenTree's format
        (inv-<40 hex>-<YYYYMMDD>), and prints the key once on standard
        output: KEY=$(bgtasks token create --user admin). Use it as
        \`Authorization: Token <key>\`. It is valid through its expiry day
        (default: a year from today, in TIME_ZONE).
          --user NAME          the user (see \`bgtasks user list\`)
          --name NAME          a label (max 100 characters)
          --expiry YYYY-MM-DD  last day the token is valid
revoke  Marks the token revoked (InvenTree keeps revoked tokens).

Uses DATABASE_URL, or the embedded database in DATA_DIR (stop \`bgtasks serve\`
first: the embedded database has one user at a time).`;

export async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    user: { type: 'string' },
    name: { type: 'string' },
    expiry: { type: 'string' },
  });
  const [action, ...args] = positionals;
  if (values.help || !action) {
    console.log(HELP);
    return values.help ? 0 : 1;
  }
  if (action === 'create') {
    if (!values.user) throw new UsageError('token create needs --user NAME');
    if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
    if (values.expiry !== undefined && !isIsoDate(values.expiry)) throw new UsageError(`--expiry must be a date as YYYY-MM-DD, got "${values.expiry}"`);
  } else if (action === 'revoke') {
    if (args.length !== 1 || !args[0]) throw new UsageError('token revoke needs exactly one KEY');
    if (values.user || values.name || values.expiry) throw new UsageError('token revoke takes only the KEY');
  } else {
    throw new UsageError(`unknown action "${action}" (create or revoke)`);
  }

  return withAccountDatabase(env, async (db, config) => {
    if (action === 'revoke') {
      if (await revokeToken(db, args[0] as string)) {
        process.stderr.write('bgtasks: token revoked\n');
        return 0;
      }
      process.stderr.write('bgtasks: no such token\n');
      return 1;
    }
    const token = await createToken(db, {
      username: values.user as string,
      timeZone: config.timeZone,
      ...(values.name !== undefined ? { name: values.name } : {}),
      ...(values.expiry !== undefined ? { expiry: values.expiry } : {}),
    });
    if (token.expiry < todayIn(config.timeZone)) process.stderr.write(`bgtasks: warning: the expiry ${token.expiry} is in the past: the token is already expired\n`);
    process.stderr.write(`bgtasks: token for "${values.user}" valid through ${token.expiry} (printed once below: keep it)\n`);
    console.log(token.key);
    return 0;
  });
}
