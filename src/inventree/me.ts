/**
 * GET /api/user/me/ — InvenTree 0.15's MeUserDetail: the authenticated user
 * (any user, not only staff) through ExendedUserSerializer.
 */
import { sql } from 'kysely';
import type { OperationHandlers } from '../../generated/operations.js';
import type { RequestContext } from '../context.js';
import { notAuthenticated } from '../http/errors.js';

type Handlers = OperationHandlers<RequestContext>;

const TABLE_RECHECK_MS = 60_000;
const groupTables = new WeakMap<object, { present: boolean; checkedAt: number }>();

/**
 * auth_group / auth_user_groups belong to every Django database, but a bare
 * database made by `bgtasks migrate` has neither: no table, no groups.
 */
async function hasGroupTables(context: RequestContext): Promise<boolean> {
  const known = groupTables.get(context.counts);
  if (known && Date.now() - known.checkedAt < TABLE_RECHECK_MS) return known.present;
  const { rows } = await sql<{ present: boolean }>`
    SELECT to_regclass('auth_group') IS NOT NULL AND to_regclass('auth_user_groups') IS NOT NULL AS present`.execute(context.readDb);
  const present = rows[0]?.present === true;
  groupTables.set(context.counts, { present, checkedAt: Date.now() });
  return present;
}

export const userMeRetrieve: Handlers['user_me_retrieve'] = async ({ context }) => {
  const user = await context.readDb
    .selectFrom('auth_user')
    .select(['id', 'username', 'first_name', 'last_name', 'email', 'is_staff', 'is_superuser', 'is_active'])
    .where('id', '=', context.user.id)
    .executeTakeFirst();
  // Deleted between authentication and now.
  if (!user) throw notAuthenticated();
  let groups: Array<{ pk: number; name: string }> = [];
  if (await hasGroupTables(context)) {
    // user.groups.all() has no ORDER BY in InvenTree; ours is by id, so it is stable.
    const { rows } = await sql<{ pk: number; name: string }>`
      SELECT g.id AS pk, g.name FROM auth_group g JOIN auth_user_groups ug ON ug.group_id = g.id
      WHERE ug.user_id = ${user.id} ORDER BY g.id`.execute(context.readDb);
    groups = rows.map((r) => ({ pk: Number(r.pk), name: r.name }));
  }
  // ExendedUserSerializer's field order.
  return {
    status: 200,
    body: {
      pk: user.id,
      username: user.username,
      first_name: user.first_name,
      last_name: user.last_name,
      email: user.email,
      groups,
      is_staff: user.is_staff,
      is_superuser: user.is_superuser,
      is_active: user.is_active,
    },
  };
};
