/**
 * What is measured: the requests, and which of them run at which scale and
 * index state. The failed list's default ordering is `-stopped`, so
 * `failed ?limit=25` issues exactly the SQL of `?limit=25&ordering=-stopped`.
 */
import { SEARCH_TERM } from './seed.js';

export type CaseId = 'healthz' | 'overview' | 'pending' | 'scheduled' | 'failed' | 'failed-search' | 'failed-deep' | 'failed-basic' | 'failed-all' | 'task-status' | 'stats' | 'failure-groups';

export interface BenchCase {
  id: CaseId;
  label: string;
  path: string;
  auth: 'token' | 'basic' | 'none';
  /** load: autocannon + ceiling at N connections; stream: one request, first byte and total. */
  mode: 'load' | 'stream';
}

export const CASE_IDS: readonly CaseId[] = ['healthz', 'overview', 'pending', 'scheduled', 'failed', 'failed-search', 'failed-deep', 'failed-basic', 'failed-all', 'task-status', 'stats', 'failure-groups'];

/**
 * Stands for the id of a task in the seeded queue (its ids are random): the
 * runner puts the first queued task's id in its place (bench/run.ts). The
 * task-status endpoint is polled while a task waits, i.e. for a queued task:
 * its task-by-primary-key lookup misses, then the queue is searched.
 */
export const QUEUED_TASK_ID = '{queued-task-id}';

/** Offset of the deep page: 90 % into the failures. */
export function deepOffset(failed: number): number {
  return Math.floor((failed * 0.9) / 25) * 25;
}

export function benchCase(id: CaseId, failed: number, mode: 'load' | 'stream' = 'load'): BenchCase {
  const base = '/api/background-task';
  switch (id) {
    case 'healthz':
      return { id, label: 'reference: /healthz (no auth, no SQL)', path: '/healthz', auth: 'none', mode };
    case 'overview':
      return { id, label: 'overview', path: `${base}/`, auth: 'token', mode };
    case 'pending':
      return { id, label: 'pending ?limit=25', path: `${base}/pending/?limit=25`, auth: 'token', mode };
    case 'scheduled':
      return { id, label: 'scheduled ?limit=25&ordering=-last_run', path: `${base}/scheduled/?limit=25&ordering=-last_run`, auth: 'token', mode };
    case 'failed':
      return { id, label: 'failed ?limit=25 (ordering -stopped)', path: `${base}/failed/?limit=25`, auth: 'token', mode };
    case 'failed-search':
      return {
        id,
        label: `failed ?limit=25&search=${SEARCH_TERM}&ordering=-stopped`,
        path: `${base}/failed/?limit=25&search=${SEARCH_TERM}&ordering=-stopped`,
        auth: 'token',
        mode,
      };
    case 'failed-deep': {
      const offset = deepOffset(failed);
      return { id, label: `failed ?limit=25&offset=${offset}`, path: `${base}/failed/?limit=25&offset=${offset}`, auth: 'token', mode };
    }
    case 'failed-basic':
      return { id, label: 'failed ?limit=25, Basic auth', path: `${base}/failed/?limit=25`, auth: 'basic', mode };
    case 'failed-all':
      return { id, label: 'failed, unpaginated (streamed)', path: `${base}/failed/`, auth: 'token', mode };
    case 'task-status':
      return { id, label: 'task status of a queued task', path: `${base}/${QUEUED_TASK_ID}/`, auth: 'token', mode };
    // Analytics (docs/analytics.md): one aggregate over the partial stopped indexes; the latest 10 000 failures decoded.
    case 'stats':
      return { id, label: 'stats ?window=7d', path: `${base}/stats/?window=7d`, auth: 'token', mode };
    case 'failure-groups':
      return { id, label: 'failed/groups ?limit=25', path: `${base}/failed/groups/?limit=25`, auth: 'token', mode };
  }
}

export interface Phase {
  indexes: boolean;
  cases: BenchCase[];
}

export interface Scale {
  name: string;
  failed: number;
  phases: Phase[];
}

const ALL_LOAD: CaseId[] = ['overview', 'pending', 'scheduled', 'failed', 'failed-search', 'failed-deep', 'failed-basic', 'task-status', 'stats', 'failure-groups'];
const FAILED_AND_OVERVIEW: CaseId[] = ['overview', 'failed', 'failed-search', 'failed-deep', 'stats', 'failure-groups'];

/**
 * The default matrix: everything at 10k; at 100k and 1M each case that
 * depends on the failure table, without and then with the bgtasks_* indexes.
 */
export function scales(names: readonly string[], only?: readonly CaseId[]): Scale[] {
  const pick = (ids: CaseId[], failed: number, stream: boolean): BenchCase[] =>
    [...ids, 'failed-all' as const]
      .filter((id) => !only || only.includes(id))
      .map((id) => benchCase(id, failed, id === 'failed-all' && stream ? 'stream' : 'load'));
  const all: Record<string, Scale> = {
    '10k': {
      name: '10k',
      failed: 10_000,
      phases: [
        { indexes: false, cases: pick(['healthz', ...ALL_LOAD], 10_000, false) },
        // pending and scheduled do not touch the task indexes: measured once.
        { indexes: true, cases: pick([...FAILED_AND_OVERVIEW, 'failed-basic'], 10_000, false).filter((c) => c.id !== 'failed-all') },
      ],
    },
    '100k': {
      name: '100k',
      failed: 100_000,
      phases: [
        { indexes: false, cases: pick(ALL_LOAD, 100_000, true) },
        { indexes: true, cases: pick(FAILED_AND_OVERVIEW, 100_000, true) },
      ],
    },
    '1m': {
      name: '1m',
      failed: 1_000_000,
      phases: [
        // Without indexes every failed page sorts a million rows (seconds each):
        // the overview, one page and the stream's first byte show it.
        { indexes: false, cases: pick(['overview', 'failed'], 1_000_000, true) },
        { indexes: true, cases: pick(ALL_LOAD, 1_000_000, true) },
      ],
    },
  };
  return names.map((name) => {
    const scale = all[name.toLowerCase()];
    if (!scale) throw new Error(`unknown scale "${name}" (10k, 100k, 1m)`);
    return scale;
  });
}
