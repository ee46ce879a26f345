/**
 * GET /api/background-task/audit/ — the audit trail (bgtasks_audit), newest
 * first, paginated like every list; `user` and `action` filter exactly.
 * 409 naming the command when the sidecar table does not exist.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { OperationHandlers } from '../../../generated/operations.js';
import type { RequestContext } from '../../context.js';
import { lastValue } from '../../http/python-query.js';
import { listHandler } from '../list.js';
import { timestampText } from '../timestamps.js';
import { requireSidecarTable } from './sidecar.js';

type Handlers = OperationHandlers<RequestContext>;

const auditList = listHandler({
  table: 'bgtasks_audit',
  from: (db) => db.selectFrom('bgtasks_audit as a'),
  key: 'a.id',
  select: (from, config) =>
    from.select(['a.id', timestampText(config, 'a.at').as('at'), 'a.username', 'a.action', 'a.target', 'a.ids', 'a.count', 'a.address', 'a.detail']),
  ordering: { fields: { at: 'a.at', pk: 'a.id' }, default: [{ field: 'pk', descending: true }] },
  filters: (_config, query) => {
    const conditions: Expression<SqlBool>[] = [];
    const user = lastValue(query.user);
    const action = lastValue(query.action);
    // An empty value filters nothing, as django-filter treats it.
    if (user) conditions.push(sql<SqlBool>`${sql.ref('a.username')} = ${user}`);
    if (action) conditions.push(sql<SqlBool>`${sql.ref('a.action')} = ${action}`);
    return conditions;
  },
  render: () => (r) => ({
    pk: Number(r.id),
    at: r.at ?? '',
    user: r.username,
    action: r.action as 'delete' | 'retry' | 'run' | 'pause' | 'resume',
    target: r.target,
    ids: (r.ids ?? []) as string[],
    count: r.count,
    address: r.address,
    detail: (r.detail ?? null) as Record<string, unknown> | null,
  }),
});

export const backgroundTaskAuditList: Handlers['background_task_audit_list'] = async (input) => {
  await requireSidecarTable(input.context.readDb, 'bgtasks_audit', 'The audit trail');
  return auditList(input);
};
