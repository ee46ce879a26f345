/**
 * First start of the embedded database: without a staff user nobody could
 * call the API, so one is created — `admin` (or ADMIN_USERNAME) with a
 * random password (or ADMIN_PASSWORD) and an API token (or ADMIN_TOKEN) —
 * and the caller prints the generated secrets once. Nothing is done when an
 * active staff user exists, so later starts leave accounts alone.
 */
import type { Kysely } from 'kysely';
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
    return { created: true, username, password, token: token.key };
  });
}
