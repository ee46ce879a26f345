/**
 * First start of the embedded database: without a staff user nobody could
 * call the API, so one is created — `admin` (or ADMIN_USERNAME) with a
 * random password (or ADMIN_PASSWORD) and an API token (or ADMIN_TOKEN) —
 * and the caller prints the generated secrets once. Nothing is done when an
 * active staff user exists, so later starts leave accounts alone.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { writePrivateFile } from '../config/data-dir.js';
import type { Config } from '../config/env.js';
import type { Database } from '../db/schema.js';
import { createToken, createUser, generatePassword } from './accounts.js';

export interface EnsureAdminResult {
  /** True when this call created the user (print password/token once). */
  created: boolean;
  username: string;
  /** Set when created: the clear-text password (generated or ADMIN_PASSWORD). */
  password?: string;
  /** Set when created: the API token key (generated or ADMIN_TOKEN). */
  token?: string;
  /** Why nothing was created, for the banner. */
  note?: string;
  /** Which secrets this call generated (the others came from ADMIN_PASSWORD / ADMIN_TOKEN). */
  generated?: { password: boolean; token: boolean };
}

export async function ensureAdmin(
  db: Kysely<Database>,
  config: Pick<Config, 'adminUsername' | 'adminPassword' | 'adminToken' | 'timeZone'>,
): Promise<EnsureAdminResult> {
  const staff = await db
    .selectFrom('auth_user')
    .select('username')
    .where('is_staff', '=', true)
    .where('is_active', '=', true)
    .orderBy('id')
    .executeTakeFirst();
  if (staff) return { created: false, username: staff.username };

  const username = config.adminUsername ?? 'admin';
  const taken = await db.selectFrom('auth_user').select('id').where('username', '=', username).executeTakeFirst();
  if (taken)
    return {
      created: false,
      username,
      note: `no active staff user, and "${username}" exists without staff rights; create one with \`bgtasks user create --username NAME --staff\``,
    };

  const password = config.adminPassword ?? generatePassword();
  return db.transaction().execute(async (trx) => {
    await createUser(trx, { username, password, isStaff: true, isSuperuser: true });
    const token = await createToken(trx, { username, name: 'admin', timeZone: config.timeZone, ...(config.adminToken ? { key: config.adminToken } : {}) });
    return {
      created: true,
      username,
      password,
      token: token.key,
      generated: { password: config.adminPassword === undefined, token: config.adminToken === undefined },
    };
  });
}

/** Name of the file, in DATA_DIR, that receives generated credentials when there is no terminal. */
export const ADMIN_CREDENTIALS_FILE = 'admin-credentials.txt';

export interface AnnounceOptions {
  dataDir: string;
  /** Whether the output stream is a terminal (process.stderr.isTTY). */
  tty: boolean;
  /** The service's base URL, for the example command. */
  origin: string;
  write(text: string): void;
}

/**
 * Tells the operator about a created admin. Generated secrets go to the
 * terminal only: a non-terminal stream is usually a log collector, where a
 * password would live on. Without a terminal they are written to a 0600
 * file in DATA_DIR and the stream only says where. Secrets the operator
 * supplied (ADMIN_PASSWORD, ADMIN_TOKEN) are never repeated.
 */
export function announceCreatedAdmin(admin: EnsureAdminResult, options: AnnounceOptions): void {
  if (!admin.created) return;
  const generated = admin.generated ?? { password: true, token: true };
  const secrets: string[] = [];
  if (generated.password) secrets.push(`  password: ${admin.password}`);
  if (generated.token) {
    secrets.push(`  token:    ${admin.token}`);
    secrets.push(`  try:      curl -H "Authorization: Token ${admin.token}" ${options.origin}/api/background-task/`);
  }
  const given = [!generated.password && 'ADMIN_PASSWORD', !generated.token && 'ADMIN_TOKEN'].filter(Boolean).join(' and ');
  const from = given ? ` (${given} as configured)` : '';
  if (!secrets.length) {
    options.write(`\nCreated staff user "${admin.username}"${from}.\n`);
    return;
  }
  if (options.tty) {
    options.write(`\nCreated staff user "${admin.username}"${from} (shown once):\n${secrets.join('\n')}\n`);
    return;
  }
  const path = join(options.dataDir, ADMIN_CREDENTIALS_FILE);
  writePrivateFile(path, `Staff user "${admin.username}", created ${new Date().toISOString()}${from}:\n${secrets.join('\n')}\n`);
  options.write(
    `\nCreated staff user "${admin.username}"${from}. Its generated credentials are not written to this stream (not a terminal): they are in ${path} (readable by this user only); read it, then delete it.\n`,
  );
}
