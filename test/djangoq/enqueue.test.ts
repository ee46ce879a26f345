// enqueueSchedule (scheduleCall + asyncTask) against django-q
// (fixtures/enqueue_oracle.py, one /usr/bin/python3 process): for generated
// schedule rows, Debian's django-q 1.3.9 scheduler runs for real with the
// task uuid and the clock pinned, and django-q2's scheduler + async_task
// (transcribed) run on real `ast`; the task dicts must be identical (keys in
// order, values, types, tz classes), the ormq key and lock too, and
// django-q's own SignedPackage.loads must decode OUR payload to the same dict.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import t from 'tap';
import {
  EnqueueError,
  enqueueResubmit,
  literalEval,
  enqueueSchedule,
  type PyValue,
  pyDict,
  pyTuple,
  type ScheduleRow,
  scheduleCall,
} from '../../src/djangoq/index.js';
import { type Canon, canon } from '../helpers/py-canon.js';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const ORACLE = fileURLToPath(new URL('./fixtures/enqueue_oracle.py', import.meta.url));
const SEED = Number(process.env.ENQUEUE_SEED ?? 77);
const SECRET = 'enqueue-oracle-secret';

function pythonReady(): string | false {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import django, django_q'], { encoding: 'utf8' });
  return r.status === 0 ? false : 'django / django_q missing for /usr/bin/python3';
}
const SKIP = pythonReady();
if (SKIP && process.env.INTEROP_REQUIRED === '1') {
  t.fail(`Python oracle unavailable (INTEROP_REQUIRED=1): ${SKIP}`);
}

const literal = fc.oneof(
  fc.constantFrom('1', "'a'", '1.5', 'None', 'True', '-2', '(1, 2)', '[1, "x"]', "{'k': (1,)}", "b'raw'", '1+2j', '()', '(1,)', "{'s'}", '0x1f', "'''tri'''"),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.string({ maxLength: 5 }).map((s) => JSON.stringify(s)),
);
const argsText = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  literal,
  fc.array(literal, { minLength: 1, maxLength: 3 }).map((a) => a.join(', ')),
  fc.constantFrom('x', '1 2', 'open("f")', "'\\N{BULLET}'"),
);
const qOptionsText = fc
  .subarray(["'hook': 'm.h2'", "'group': 'g'", "'task_name': 'named'", "'timeout': 30", "'cluster': 'InvenTree'", "'cluster': 'other'", "'broker_name': 'bn'", "'cached': True", "'save': False", "'ack_failure': True"])
  .map((items) => `{${items.join(', ')}}`);
const kwargsText = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.tuple(fc.constantFrom('a', 'b', 'task_name', 'hook', 'timeout'), literal).map(([k, v]) => `{'${k}': ${v}}`),
  fc.tuple(fc.constantFrom('a', 'task_name', 'group', 'timeout'), literal, fc.constantFrom('x', 'y')).map(([k, v, k2]) => `${k}=${v}, ${k2}=2`),
  qOptionsText.map((q) => `{'q_options': ${q}, 'a': 1}`),
  qOptionsText.map((q) => `a=1, q_options=${q}`),
  fc.constantFrom('x=foo', 'x=1 y=2', '1', "{'q_options': 5}", "{1: 2}", "**{'a': 1}", 'a=1, a=2', "{'func': 1}", '{[1]: 2}', "dict(a=1)", "[('a', 1)]"),
);

const rowArb = fc.record({
  id: fc.integer({ min: 1, max: 100000 }),
  name: fc.oneof(fc.constant(null), fc.constant(''), fc.constantFrom('nightly', 'Réport')),
  func: fc.constantFrom('math.floor', 'part.tasks.check', 'InvenTree.tasks.heartbeat'),
  hook: fc.oneof(fc.constant(null), fc.constant(''), fc.constant('hooks.done')),
  args: argsText,
  kwargs: kwargsText,
  cluster: fc.constantFrom(null, '', 'InvenTree', 'other'),
  intended_date_kwarg: fc.constantFrom(null, '', 'when', 'a'),
  micros: fc.integer({ min: 0, max: 999_999 }),
});

t.test('enqueueSchedule builds what django-q enqueues', { skip: SKIP }, async (t) => {
  const now = Date.parse('2026-12-04T12:00:00Z') * 1000 + 123_456;
  const samples = fc.sample(fc.tuple(rowArb, fc.constantFrom<'django-q' | 'django-q2'>('django-q', 'django-q2')), { numRuns: 500, seed: SEED });
  const cases = samples.map(([r, flavor], i) => {
    const id = (BigInt(i + 1) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32);
    const row: ScheduleRow = {
      id: r.id,
      name: r.name,
      func: r.func,
      hook: r.hook,
      args: r.args,
      kwargs: r.kwargs,
      next_run: now - 3_600_000_000 - r.micros,
      ...(flavor === 'django-q2' ? { cluster: r.cluster, intended_date_kwarg: r.intended_date_kwarg } : {}),
    };
    let ours: ReturnType<typeof enqueueSchedule> | { error: EnqueueError };
    try {
      ours = enqueueSchedule(row, { flavor, clusterName: 'InvenTree', secretKey: SECRET, now, id, retry: 60 });
    } catch (e) {
      if (!(e instanceof EnqueueError)) throw e;
      ours = { error: e };
    }
    return { flavor, row: { cluster: null, intended_date_kwarg: null, ...row }, now, id, ours };
  });
  const input = cases.map((c) => ({ flavor: c.flavor, row: c.row, now: c.now, id: c.id, ours: 'payload' in c.ours ? c.ours.payload : null }));
  const r = spawnSync(PYTHON, ['-W', 'ignore', ORACLE], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  const expected = JSON.parse(r.stdout) as ({ task: Canon; key: string; lock: number; ours?: Canon } | { error: string; ours?: Canon })[];
  const mismatches: string[] = [];
  let built = 0;
  let refusedPython = 0;
  let unsupported = 0;
  cases.forEach((c, i) => {
    const py = expected[i] as (typeof expected)[number];
    const label = `${c.flavor} ${JSON.stringify({ args: c.row.args, kwargs: c.row.kwargs, cluster: c.row.cluster, idk: c.row.intended_date_kwarg, name: c.row.name, hook: c.row.hook })}`;
    if ('error' in c.ours) {
      if (c.ours.error.reason === 'unsupported') {
        unsupported++;
        return; // we refuse rather than guess; Python may or may not have succeeded
      }
      if (!('error' in py)) mismatches.push(`${label}: python built a task, we say python fails (${c.ours.error.message})`);
      else refusedPython++;
      return;
    }
    if ('error' in py) {
      mismatches.push(`${label}: python fails (${py.error}), we built a task`);
      return;
    }
    built++;
    const mine = { task: canon(c.ours.task), key: c.ours.ormq.key, lock: c.ours.ormq.lock };
    const theirs = { task: py.task, key: py.key, lock: py.lock };
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) mismatches.push(`${label}:\n python ${JSON.stringify(theirs)}\n ours   ${JSON.stringify(mine)}`);
    if (JSON.stringify(py.ours) !== JSON.stringify(py.task)) mismatches.push(`${label}: SignedPackage.loads(ours) = ${JSON.stringify(py.ours)}`);
  });
  if (process.env.ENQUEUE_DUMP) (await import('node:fs')).writeFileSync(process.env.ENQUEUE_DUMP, mismatches.join('\n'));
  t.same(mismatches.slice(0, 10), [], `${mismatches.length} mismatches`);
  t.ok(built > 200, `tasks built and compared: ${built}`);
  t.ok(refusedPython > 10, `schedules on which the scheduler itself fails: ${refusedPython}`);
  t.comment(`refused as not emulated: ${unsupported}`);
});

t.test('scheduleCall details', async (t) => {
  const base: ScheduleRow = { id: 7, name: null, func: 'm.f', hook: null, args: "'x'", kwargs: 'n=1', next_run: Date.UTC(2026, 0, 2, 3, 4, 5) * 1000, cluster: null, intended_date_kwarg: 'when' };
  const call = scheduleCall(base, { clusterName: 'InvenTree' });
  t.same(call.args, ['x'], 'single value -> 1-tuple');
  t.same(
    call.kwargs.map(([k]) => k),
    ['n', 'when', 'q_options'],
  );
  t.equal(call.kwargs[1]?.[1], '2026-01-02T03:04:05+00:00', 'intended date is next_run.isoformat()');
  const q = call.kwargs[2]?.[1] as { entries: [PyValue, PyValue][] };
  t.same(
    q.entries.map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : typeof v === 'string' || v === null ? v : 'broker']),
    [
      ['cluster', null],
      ['broker', 'broker'],
      ['group', 7],
    ],
    'group defaults to the id',
  );
  t.throws(() => scheduleCall({ ...base, args: 'x' }, { clusterName: 'InvenTree' }), EnqueueError, 'non-literal args: the scheduler raises');
  const cfg = { clusterName: 'InvenTree', secretKey: SECRET, now: Date.UTC(2026, 0, 3) * 1000 };
  for (const bad of [{ schedule_type: 'C', cron: 'not cron' }, { schedule_type: 'C', cron: '0 0 31 2 *' }, { schedule_type: 'X' }]) {
    try {
      enqueueSchedule({ ...base, ...bad }, cfg);
      t.fail(`enqueued ${JSON.stringify(bad)}`);
    } catch (e) {
      t.equal((e as EnqueueError).reason, 'python-error', `the scheduler fails on ${JSON.stringify(bad)}`);
    }
  }
  t.equal(enqueueSchedule({ ...base, schedule_type: 'C', cron: '0 3 * * *' }, cfg).ormq.key, 'InvenTree');
});

t.test('enqueueResubmit matches django-q2 resubmit_task + async_task', { skip: SKIP }, async (t) => {
  const now = Date.parse('2026-12-04T12:00:00Z') * 1000 + 7;
  const taskArb = fc.record({
    func: fc.constantFrom('math.floor', 'part.tasks.check'),
    args: fc.oneof(fc.constant(null), fc.constantFrom('()', "(1, 'a')", '(None,)', "([1], {'k': 2})")),
    kwargs: fc.oneof(fc.constant(null), fc.constantFrom('{}', "{'a': 1}", "{'task_name': 'n'}", "{'timeout': 5, 'x': b'y'}", "{'hook': 'dup'}", "{'save': False}")),
    hook: fc.constantFrom(null, 'hooks.done'),
    group: fc.constantFrom(null, 'g', '7'),
    cluster: fc.constantFrom(null, 'InvenTree', 'other'),
  });
  const tasks = fc.sample(taskArb, { numRuns: 120, seed: SEED });
  const cases = tasks.map((task, i) => {
    const id = (BigInt(i + 11) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32);
    let ours: ReturnType<typeof enqueueResubmit> | { error: EnqueueError };
    try {
      ours = enqueueResubmit(
        { ...task, args: task.args === null ? null : literalEval(task.args), kwargs: task.kwargs === null ? null : literalEval(task.kwargs) },
        { clusterName: 'InvenTree', secretKey: SECRET, now, id },
      );
    } catch (e) {
      if (!(e instanceof EnqueueError)) throw e;
      ours = { error: e };
    }
    return { flavor: 'resubmit', task, now, id, ours };
  });
  const input = cases.map((c) => ({ flavor: c.flavor, task: c.task, now: c.now, id: c.id, ours: 'payload' in c.ours ? c.ours.payload : null }));
  const r = spawnSync(PYTHON, ['-W', 'ignore', ORACLE], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`oracle failed: ${r.stderr}`);
  const expected = JSON.parse(r.stdout) as ({ task: Canon; key: string; lock: number; ours?: Canon } | { error: string })[];
  let built = 0;
  cases.forEach((c, i) => {
    const py = expected[i] as (typeof expected)[number];
    if ('error' in c.ours || 'error' in py) {
      t.equal('error' in c.ours, 'error' in py, `${JSON.stringify(c.task)}: both fail`);
      return;
    }
    built++;
    t.same({ task: canon(c.ours.task), key: c.ours.ormq.key, lock: c.ours.ormq.lock }, { task: py.task, key: py.key, lock: py.lock }, JSON.stringify(c.task));
    t.same(py.ours, py.task, 'SignedPackage.loads decodes ours');
  });
  t.ok(built > 60, `resubmitted tasks compared: ${built}`);
});

t.test('enqueueResubmit (django-q2 admin resubmit_task)', async (t) => {
  const pkg = enqueueResubmit(
    { func: 'm.f', args: pyTuple(1n, 'a'), kwargs: pyDict({ k: 2n }), hook: 'm.h', group: 'g', cluster: 'InvenTree' },
    { clusterName: 'InvenTree', secretKey: SECRET, now: 1_800_000_000_000_000, id: '2004f28a790d45f989bd98558ce547fc' },
  );
  t.same(
    pkg.task.entries.map(([k]) => k),
    ['id', 'name', 'func', 'args', 'hook', 'group', 'cluster', 'kwargs', 'started'],
  );
  t.equal(pkg.name, 'helium-six-wolfram-spring', 'humanhash of the id');
  t.equal(pkg.ormq.key, 'InvenTree');
  t.equal(pkg.ormq.lock, 1_800_000_000_000_000, "django-q2's ORM.enqueue: lock = now (available at once)");
});
