/**
 * The failed and succeeded lists are one declaration: django_q_task rows
 * with `success` false (django-q's Failure proxy, InvenTree's
 * FailedTaskList) or true (Success, extension), the same columns, ordering,
 * search, filters and rendering; the succeeded list adds `group` (a field
 * and an ordering).
 */
import type { components } from '../../generated/openapi.js';
import type { Config } from '../config/env.js';
import { listHandler } from './list.js';
import { pickledText } from './pickled-text.js';
import { taskFilterConditions } from './task-filters.js';
import { timestampText } from './timestamps.js';

type Schemas = components['schemas'];
/** The document's item schemas: a failed task, and a succeeded one (the same plus `group`). */
type Item<Group extends boolean> = Group extends true ? Schemas['SucceededTask'] : Schemas['FailedTask'];

/** InvenTree sends the stored base64 pickles of args/kwargs (DRF's ModelField fallback); the schema mode shows them as Python reprs, like the pending list. */
const argsTextOf = (config: Config) => (config.apiCompat === 'inventree' ? (v: string | null) => v : pickledText);

export function taskListHandler<Group extends boolean>(options: { success: boolean; group: Group }) {
  const { success, group } = options;
  return listHandler({
    table: 'django_q_task',
    from: (db) => db.selectFrom('django_q_task as t').where('t.success', '=', success),
    key: 't.id',
    select: (from, config) =>
      from.select([
        't.id',
        't.name',
        't.func',
        't.group',
        't.args',
        't.kwargs',
        timestampText(config, 't.started').as('started'),
        timestampText(config, 't.stopped').as('stopped'),
        't.attempt_count',
        't.result',
      ]),
    ordering: {
      fields: { pk: 't.id', func: 't.func', started: 't.started', stopped: 't.stopped', ...(group ? { group: 't.group' } : {}) },
      default: [{ field: 'stopped', descending: true }],
    },
    search: 't.func',
    filters: taskFilterConditions,
    render: ({ config }) => {
      const argsText = argsTextOf(config);
      return (r): Item<Group> => {
        // Keys in the order the API sends them: `group` right after `func`.
        const item: { -readonly [K in keyof Schemas['SucceededTask']]?: Schemas['SucceededTask'][K] } = { pk: r.id, name: r.name, func: r.func };
        if (group) item.group = r.group;
        item.args = argsText(r.args);
        item.kwargs = argsText(r.kwargs);
        item.started = r.started ?? '';
        item.stopped = r.stopped ?? '';
        item.attempt_count = r.attempt_count;
        item.result = pickledText(r.result);
        return item as Item<Group>;
      };
    },
  });
}
