// Enqueueing a task exactly as django-q does, without Python:
//  * scheduleCall(): what django-q's scheduler passes to async_task for a
//    schedule row (args/kwargs parsed from their stored text, q_options,
//    intended_date_kwarg, hook, cluster, group);
//  * resubmitCall(): what django-q2's admin action `resubmit_task` passes for
//    a failed task;
//  * asyncTask(): `django_q.tasks.async_task` with the ORM broker — the task
//    dict (keys in async_task's order), signed pickle, django_q_ormq row.
// Sources and the 1.3.9 / django-q2 differences: docs/scheduler.md.

import { humanize, uuid4hex } from './humanhash.js';
import { type CallKeyword, LiteralEvalError, literalEval, parseCallKeywords } from './literal-eval.js';
import { encodeTaskPayload } from './payload.js';
import { type Micros, nextRun, ScheduleError } from './schedule.js';
import { offsetAt } from './zone.js';
import { PYTZ_UTC, type PyDict, type PyValue, pyDateTime, pyGlobal, TIMEZONE_UTC } from './values.js';

/** Why a call cannot be produced. */
export type EnqueueRefusal =
  /** django-q itself would raise here: the scheduler logs the error and creates no task (the whole batch rolls back). */
  | 'python-error'
  /** The text needs Python we do not emulate (django-q 1.3.9 eval of non-literals, `\N{...}` escapes, ...). */
  | 'unsupported';

export class EnqueueError extends Error {
  readonly reason: EnqueueRefusal;
  /** Python exception class (for 'python-error'). */
  readonly pythonName: string;
  constructor(reason: EnqueueRefusal, pythonName: string, message: string) {
    super(message);
    this.name = 'EnqueueError';
    this.reason = reason;
    this.pythonName = pythonName;
  }
}

/** One ordered Python dict with str keys, as async_task's **kwargs. */
export type Kwargs = [string, PyValue][];

/** Stand-in for the broker object the scheduler puts into q_options (never pickled: async_task pops it). */
export const SCHEDULER_BROKER: PyValue = Object.freeze(pyGlobal('django_q.brokers', 'Broker')) as PyValue;

export interface TaskCall {
  func: PyValue;
  args: PyValue[];
  /** Keyword arguments in order; `q_options` (when present) is a dict. */
  kwargs: Kwargs;
  /**
   * List key of the broker object the caller put into q_options['broker']
   * (SCHEDULER_BROKER stands in for it): the django_q_ormq key when async_task
   * uses that broker.
   */
  brokerKey?: string;
}

export interface ScheduleRow {
  id: number | bigint;
  name: string | null;
  func: string;
  hook: string | null;
  args: string | null;
  kwargs: string | null;
  /** The stored next_run (for intended_date_kwarg). */
  next_run: Micros | null;
  /** django-q2 columns (absent on django-q 1.3.9 tables). */
  cluster?: string | null;
  intended_date_kwarg?: string | null;
  /** Newer django-q2 only (not in InvenTree 0.15's django-q2 1.6.2). */
  timeout_hook?: string | null;
  failure_hook?: string | null;
  /**
   * Timing columns: when given, enqueueSchedule also checks that the
   * scheduler's next-run step would not raise (unknown type, bad cron), since
   * then the scheduler creates no task either.
   */
  schedule_type?: string;
  minutes?: number | null;
  cron?: string | null;
}

export interface ScheduleCallConfig {
  flavor?: 'django-q2' | 'django-q';
  /** Q_CLUSTER['name'] of the cluster whose scheduler runs the schedule (Conf.CLUSTER_NAME / PREFIX). */
  clusterName: string;
  /** USE_TZ (default true): next_run.isoformat() carries "+00:00". */
  useTz?: boolean;
  /** TIME_ZONE, for the naive isoformat when USE_TZ is off. */
  timeZone?: string;
}

function isDict(v: PyValue): v is PyDict {
  return v !== null && typeof v === 'object' && v.kind === 'dict';
}

/**
 * literal_eval failed. Our parser knows every literal form, so a rejection is
 * certain even when the exception class is not (SyntaxError vs ValueError);
 * only our own limits and undecoded \N{...} escapes leave it open.
 */
function refuseFromLiteral(e: unknown, what: string): never {
  if (e instanceof LiteralEvalError) {
    if (e.pythonName === 'MemoryError' || e.message.startsWith('unsupported')) {
      throw new EnqueueError('unsupported', e.pythonName, `${what}: ${e.message}`);
    }
    throw new EnqueueError('python-error', e.pythonName, `${what}: ${e.message}`);
  }
  throw e;
}

/** `args = ast.literal_eval(s.args)`, then a single value becomes a 1-tuple. */
export function parseScheduleArgs(text: string | null): PyValue[] {
  if (!text) return [];
  let v: PyValue;
  try {
    v = literalEval(text);
  } catch (e) {
    refuseFromLiteral(e, 'args');
  }
  if (v !== null && typeof v === 'object' && v.kind === 'tuple') return [...v.items];
  return [v];
}

// Caught by the scheduler's `except (SyntaxError, ValueError)` (subclasses included).
const KW_ERRORS = new Set(['SyntaxError', 'IndentationError', 'ValueError', 'UnicodeEncodeError']);

/**
 * django-q2: `ast.literal_eval(s.kwargs)` ("dict syntax"), else the keywords
 * of `f(<kwargs>)` each literal_eval'd ("kwargs syntax"), else {} — SyntaxError
 * and ValueError fall through, anything else is raised. Returns the value
 * the scheduler holds in `kwargs` (a dict in every case the scheduler survives).
 */
function parseKwargsQ2(text: string): PyValue {
  try {
    return literalEval(text);
  } catch (e) {
    if (!(e instanceof LiteralEvalError)) throw e;
    if (!KW_ERRORS.has(e.pythonName)) refuseFromLiteral(e, 'kwargs');
    // A \N{...} escape we cannot decode: Python may well have succeeded here.
    if (!e.certain && /\\N\{/.test(text)) refuseFromLiteral(e, 'kwargs');
  }
  let keywords: CallKeyword[];
  let uncertain: boolean;
  try {
    ({ keywords, uncertain } = parseCallKeywords(text));
  } catch (e) {
    if (e instanceof LiteralEvalError && KW_ERRORS.has(e.pythonName) && e.certain) return { kind: 'dict', entries: [] };
    refuseFromLiteral(e, 'kwargs');
  }
  // Python builds {kw.arg: literal_eval(kw.value)} in order: the first failure decides.
  // When part of the text is beyond our parser, Python may instead have raised a
  // SyntaxError at parse time ({}): only a ValueError-class failure is then certain.
  const entries: [PyValue, PyValue][] = [];
  const notSure = () => new EnqueueError('unsupported', 'SyntaxError', 'kwargs: arguments we cannot parse fully');
  for (const kw of keywords) {
    let v: PyValue;
    try {
      v = kw.value();
    } catch (e) {
      if (e instanceof LiteralEvalError && KW_ERRORS.has(e.pythonName)) return { kind: 'dict', entries: [] };
      if (uncertain) throw notSure();
      refuseFromLiteral(e, 'kwargs');
    }
    const key: PyValue = kw.arg;
    const at = entries.findIndex(([k]) => k === key);
    if (at >= 0) (entries[at] as [PyValue, PyValue])[1] = v;
    else entries.push([key, v]);
  }
  if (uncertain && entries.length > 0) throw notSure();
  return { kind: 'dict', entries };
}

/**
 * django-q 1.3.9: `eval(f"dict({s.kwargs})")`, SyntaxError -> {}. Emulated
 * for literal arguments only (keywords, `**{...}`, one positional mapping or
 * sequence of pairs); anything needing real evaluation is refused.
 */
function parseKwargsQ1(text: string): PyValue {
  let keywords: CallKeyword[];
  let uncertain: boolean;
  let positional: PyValue[];
  try {
    const parsed = parseCallKeywords(text);
    keywords = parsed.keywords;
    uncertain = parsed.uncertain;
    if (parsed.positional.some((a) => a.starred)) {
      throw new EnqueueError('unsupported', 'TypeError', 'kwargs: *args in dict(...) is not emulated');
    }
    positional = parsed.positional.map((a) => a.value());
  } catch (e) {
    if (e instanceof LiteralEvalError && (e.pythonName === 'SyntaxError' || e.pythonName === 'IndentationError') && e.certain) {
      return { kind: 'dict', entries: [] };
    }
    if (e instanceof EnqueueError) throw e;
    refuseEval(e);
  }
  if (uncertain) throw new EnqueueError('unsupported', 'SyntaxError', 'kwargs: only literal arguments of dict(...) are emulated');
  const names = keywords.filter((k) => k.arg !== null).map((k) => k.arg);
  if (new Set(names).size !== names.length) return { kind: 'dict', entries: [] }; // "keyword argument repeated" is a SyntaxError
  if (positional.length > 1) throw new EnqueueError('python-error', 'TypeError', `dict expected at most 1 argument, got ${positional.length}`);
  const entries: [PyValue, PyValue][] = [];
  const put = (k: PyValue, v: PyValue) => {
    const at = entries.findIndex(([x]) => x === k || (typeof x === 'bigint' && typeof k === 'bigint' && x === k));
    if (at >= 0) (entries[at] as [PyValue, PyValue])[1] = v;
    else entries.push([k, v]);
  };
  const first = positional[0];
  if (first !== undefined) {
    if (isDict(first)) for (const [k, v] of first.entries) put(k, v);
    else if (first !== null && typeof first === 'object' && (first.kind === 'list' || first.kind === 'tuple')) {
      for (const pair of first.items) {
        if (pair === null || typeof pair !== 'object' || (pair.kind !== 'tuple' && pair.kind !== 'list') || pair.items.length !== 2) {
          throw new EnqueueError('unsupported', 'TypeError', 'kwargs: dict() of a sequence that is not made of pairs');
        }
        put(pair.items[0] as PyValue, pair.items[1] as PyValue);
      }
    } else throw new EnqueueError('unsupported', 'TypeError', 'kwargs: dict() of a value we do not emulate');
  }
  for (const kw of keywords) {
    let v: PyValue;
    try {
      v = kw.value();
    } catch (e) {
      refuseEval(e);
    }
    if (kw.arg !== null) put(kw.arg, v);
    else if (isDict(v)) {
      for (const [k, x] of v.entries) {
        if (typeof k !== 'string') throw new EnqueueError('python-error', 'TypeError', 'keywords must be strings');
        put(k, x);
      }
    } else throw new EnqueueError('python-error', 'TypeError', 'argument after ** must be a mapping');
  }
  return { kind: 'dict', entries };
}

/** Inside `eval`, anything but a literal may evaluate fine; only unhashable literals are sure failures. */
function refuseEval(e: unknown): never {
  if (e instanceof LiteralEvalError && e.pythonName === 'TypeError' && e.certain) {
    throw new EnqueueError('python-error', 'TypeError', `kwargs: ${e.message}`);
  }
  if (e instanceof LiteralEvalError) {
    throw new EnqueueError('unsupported', e.pythonName, `kwargs: only literal arguments of dict(...) are emulated (${e.message})`);
  }
  throw e;
}

function dictGetAny(d: PyDict, key: string): PyValue | undefined {
  for (const [k, v] of d.entries) if (k === key) return v;
  return undefined;
}
function dictSet(d: PyDict, key: string, value: PyValue): void {
  for (const e of d.entries) {
    if (e[0] === key) {
      e[1] = value;
      return;
    }
  }
  d.entries.push([key, value]);
}
function dictPop(d: PyDict, key: string): PyValue | undefined {
  const at = d.entries.findIndex(([k]) => k === key);
  if (at < 0) return undefined;
  const [, v] = d.entries[at] as [PyValue, PyValue];
  d.entries.splice(at, 1);
  return v;
}
function truthyStr(v: string | null | undefined): v is string {
  return typeof v === 'string' && v !== '';
}

/** `datetime.isoformat()` of a stored next_run: aware UTC ('+00:00') or naive local wall time. */
export function isoformatNextRun(t: Micros, useTz: boolean, timeZone = 'UTC'): string {
  const wallUs = useTz ? t : t + offsetAt(timeZone, Math.floor(t / 1e6)) * 1e6;
  const ms = Math.floor(wallUs / 1000);
  const us = ((wallUs % 1e6) + 1e6) % 1e6;
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}${us === 0 ? '' : `.${pad(us, 6)}`}${useTz ? '+00:00' : ''}`;
}

/**
 * What the scheduler passes to `async_task(s.func, *args, **kwargs)` for
 * this schedule when it is due. Throws EnqueueError where the scheduler
 * would raise (no task would be created) or where we cannot be sure.
 */
export function scheduleCall(row: ScheduleRow, config: ScheduleCallConfig): TaskCall {
  const flavor = config.flavor ?? 'django-q2';
  const useTz = config.useTz ?? true;
  let kwargsValue: PyValue = { kind: 'dict', entries: [] };
  if (row.kwargs) kwargsValue = flavor === 'django-q2' ? parseKwargsQ2(row.kwargs) : parseKwargsQ1(row.kwargs);
  const args = parseScheduleArgs(row.args);
  if (!isDict(kwargsValue)) {
    throw new EnqueueError('python-error', 'AttributeError', `'${kindName(kwargsValue)}' object has no attribute 'get'`);
  }
  // The scheduler mutates this dict and the q_options dict inside it.
  const kwargs: PyDict = { kind: 'dict', entries: kwargsValue.entries.map(([k, v]) => [k, v]) };
  let qOptions = dictGetAny(kwargs, 'q_options');
  if (qOptions === undefined) qOptions = { kind: 'dict', entries: [] };
  else if (isDict(qOptions)) {
    const copy: PyDict = { kind: 'dict', entries: qOptions.entries.map(([k, v]) => [k, v]) };
    dictSet(kwargs, 'q_options', copy);
    qOptions = copy;
  } else {
    // q_options["..."] = ... on a non-dict: TypeError / AttributeError in the scheduler.
    throw new EnqueueError('python-error', 'TypeError', `'${kindName(qOptions)}' object does not support item assignment`);
  }
  const q = qOptions as PyDict;
  let brokerKey: string | undefined;
  if (flavor === 'django-q2' && truthyStr(row.intended_date_kwarg)) {
    if (row.next_run === null) throw new EnqueueError('python-error', 'AttributeError', "'NoneType' object has no attribute 'isoformat'");
    dictSet(kwargs, row.intended_date_kwarg, isoformatNextRun(row.next_run, useTz, config.timeZone));
  }
  if (truthyStr(row.hook)) dictSet(q, 'hook', row.hook);
  if (flavor === 'django-q2') {
    if (truthyStr(row.timeout_hook)) dictSet(q, 'timeout_hook', row.timeout_hook);
    if (truthyStr(row.failure_hook)) dictSet(q, 'failure_hook', row.failure_hook);
    // q_options["cluster"] = s.cluster or q_options.get("cluster", q_options.pop("broker_name", None))
    let cluster: PyValue;
    if (truthyStr(row.cluster)) cluster = row.cluster;
    else {
      const brokerName = dictPop(q, 'broker_name') ?? null;
      cluster = dictGetAny(q, 'cluster') ?? brokerName;
    }
    dictSet(q, 'cluster', cluster);
    if (cluster === null || cluster === config.clusterName) {
      dictSet(q, 'broker', SCHEDULER_BROKER);
      brokerKey = config.clusterName;
    }
  } else {
    // get_broker(q_options["broker_name"]) when present: an ORM broker on that list key.
    const brokerName = dictGetAny(q, 'broker_name');
    if (brokerName !== undefined && typeof brokerName !== 'string') {
      throw new EnqueueError('unsupported', 'TypeError', 'q_options broker_name that is not a string');
    }
    brokerKey = brokerName ?? config.clusterName;
    dictSet(q, 'broker', SCHEDULER_BROKER);
  }
  if (dictGetAny(q, 'group') === undefined) dictSet(q, 'group', truthyStr(row.name) ? row.name : BigInt(row.id));
  dictSet(kwargs, 'q_options', q);
  for (const [k] of kwargs.entries) {
    if (typeof k !== 'string') throw new EnqueueError('python-error', 'TypeError', 'keywords must be strings');
    if (k === 'func') throw new EnqueueError('python-error', 'TypeError', "async_task() got multiple values for argument 'func'");
  }
  return { func: row.func, args, kwargs: kwargs.entries as Kwargs, brokerKey };
}

function kindName(v: PyValue): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  return v.kind;
}

/** The failed (or successful) django_q_task row as decoded. */
export interface TaskRow {
  func: string;
  /** Decoded `args` column (a tuple, or None). */
  args: PyValue;
  /** Decoded `kwargs` column (a dict, or None). */
  kwargs: PyValue;
  hook: string | null;
  group: string | null;
  cluster?: string | null;
  timeout_hook?: string | null;
  failure_hook?: string | null;
}

/**
 * django-q2 admin `resubmit_task`: `async_task(task.func, *task.args or (),
 * hook=task.hook, group=task.group, cluster=task.cluster, **task.kwargs or {})`
 * (timeout_hook / failure_hook too when the columns exist).
 */
export function resubmitCall(row: TaskRow): TaskCall {
  const args = pyOr(row.args);
  let posArgs: PyValue[] = [];
  if (args !== null) {
    if (typeof args === 'object' && (args.kind === 'tuple' || args.kind === 'list')) posArgs = [...args.items];
    else if (typeof args === 'string') posArgs = [...args];
    else throw new EnqueueError('unsupported', 'TypeError', `task args of type ${kindName(args)} cannot be unpacked faithfully`);
  }
  const kwargs: Kwargs = [['hook', row.hook]];
  if (row.timeout_hook !== undefined) kwargs.push(['timeout_hook', row.timeout_hook]);
  if (row.failure_hook !== undefined) kwargs.push(['failure_hook', row.failure_hook]);
  kwargs.push(['group', row.group]);
  if (row.cluster !== undefined) kwargs.push(['cluster', row.cluster]);
  const extra = pyOr(row.kwargs);
  if (extra !== null) {
    if (!isDict(extra)) throw new EnqueueError('unsupported', 'TypeError', `task kwargs of type ${kindName(extra)} is not a mapping`);
    for (const [k, v] of extra.entries) {
      if (typeof k !== 'string') throw new EnqueueError('python-error', 'TypeError', 'keywords must be strings');
      if (k === 'func' || kwargs.some(([x]) => x === k)) {
        throw new EnqueueError('python-error', 'TypeError', `async_task() got multiple values for keyword argument '${k}'`);
      }
      kwargs.push([k, v]);
    }
  }
  return { func: row.func, args: posArgs, kwargs };
}

/** `x or default` for the decoded args/kwargs columns: falsy (None, (), {}) -> null. */
function pyOr(v: PyValue): PyValue {
  if (v === null) return null;
  if (typeof v === 'object' && (v.kind === 'tuple' || v.kind === 'list') && v.items.length === 0) return null;
  if (typeof v === 'object' && v.kind === 'dict' && v.entries.length === 0) return null;
  if (v === '') return null;
  return v;
}

export interface AsyncTaskConfig {
  flavor?: 'django-q2' | 'django-q';
  /** Q_CLUSTER['name']: signing salt and the ORM broker's default list key. */
  clusterName: string;
  /** SECRET_KEY (Q_CLUSTER has no own key in InvenTree). */
  secretKey: string;
  /** timezone.now() (µs). */
  now: Micros;
  /** USE_TZ (default true). */
  useTz?: boolean;
  /** TIME_ZONE (naive now when USE_TZ is off). */
  timeZone?: string;
  /** Conf.CACHED, Conf.SYNC, Conf.ACK_FAILURES (defaults false). */
  cached?: boolean | number;
  sync?: boolean;
  ackFailures?: boolean;
  /** Q_CLUSTER['compress'] (default false). */
  compress?: boolean;
  /**
   * Q_CLUSTER['retry'] seconds (default 60). The ORM row's lock: django-q2's
   * broker writes `now`, django-q 1.3.9's `now - retry` (both: available at once).
   */
  retry?: number;
  /** Fixed task id (32 hex digits) instead of a fresh uuid4 (tests). */
  id?: string;
  /** Signing timestamp in seconds (default: now). */
  timestamp?: number;
}

export interface TaskPackage {
  id: string;
  name: string;
  /** The task dict as pickled (keys in async_task's order). */
  task: PyDict;
  /** The signed payload (SignedPackage.dumps(task)). */
  payload: string;
  /** The django_q_ormq row the ORM broker inserts. */
  ormq: { key: string; payload: string; lock: Micros };
}

const OPT_KEYS_Q2 = ['hook', 'timeout_hook', 'failure_hook', 'group', 'save', 'sync', 'cached', 'ack_failure', 'iter_count', 'iter_cached', 'chain', 'broker', 'cluster', 'timeout'];
const OPT_KEYS_Q1 = ['hook', 'group', 'save', 'sync', 'cached', 'ack_failure', 'iter_count', 'iter_cached', 'chain', 'broker', 'timeout'];

function pyTruthy(v: PyValue | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0n || v === 0 || v === '') return false;
  if (typeof v === 'object') {
    if ('items' in v) return v.items.length > 0;
    if (v.kind === 'dict') return v.entries.length > 0;
    if (v.kind === 'bytes' || v.kind === 'bytearray') return v.data.length > 0;
  }
  return true;
}

/** `async_task(func, *args, **kwargs)` with the ORM broker. */
export function asyncTask(call: TaskCall, config: AsyncTaskConfig): TaskPackage {
  const flavor = config.flavor ?? 'django-q2';
  const useTz = config.useTz ?? true;
  const keywords: Kwargs = call.kwargs.map(([k, v]) => [k, v]);
  const take = (key: string): PyValue | undefined => {
    const at = keywords.findIndex(([k]) => k === key);
    if (at < 0) return undefined;
    const [, v] = keywords[at] as [string, PyValue];
    keywords.splice(at, 1);
    return v;
  };
  const qRaw = take('q_options');
  let q: PyDict = { kind: 'dict', entries: [] };
  if (qRaw !== undefined) {
    if (!isDict(qRaw)) throw new EnqueueError('python-error', 'AttributeError', `'${kindName(qRaw)}' object has no attribute 'pop'`);
    q = { kind: 'dict', entries: qRaw.entries.map(([k, v]) => [k, v]) };
  }
  const id = config.id ?? uuid4hex();
  if (!/^[0-9a-f]{32}$/.test(id)) throw new RangeError('task id must be 32 lowercase hex digits');
  const humanName = humanize(id);
  // "name": keywords.pop("task_name", None) or q_options.pop("task_name", None) or tag[0]
  let name: PyValue = take('task_name') ?? null;
  if (!pyTruthy(name)) name = dictPop(q, 'task_name') ?? null;
  if (!pyTruthy(name)) name = humanName;
  const task: PyDict = {
    kind: 'dict',
    entries: [
      ['id', id],
      ['name', name],
      ['func', call.func],
      ['args', { kind: 'tuple', items: [...call.args] }],
    ],
  };
  const qTruthy = q.entries.length > 0;
  for (const key of flavor === 'django-q2' ? OPT_KEYS_Q2 : OPT_KEYS_Q1) {
    const inQ = qTruthy ? dictGetAny(q, key) : undefined;
    if (qTruthy && q.entries.some(([k]) => k === key)) task.entries.push([key, inQ as PyValue]);
    else if (keywords.some(([k]) => k === key)) task.entries.push([key, take(key) as PyValue]);
  }
  // broker = task.pop("broker", ...): never pickled; decides the list key.
  const brokerAt = task.entries.findIndex(([k]) => k === 'broker');
  const hadBroker = brokerAt >= 0 && (flavor === 'django-q' || pyTruthy(task.entries[brokerAt]?.[1]));
  if (brokerAt >= 0) task.entries.splice(brokerAt, 1);
  const clusterVal = dictGetAny(task, 'cluster');
  let key = config.clusterName;
  if (hadBroker) key = call.brokerKey ?? config.clusterName;
  else if (flavor === 'django-q2' && typeof clusterVal === 'string' && clusterVal !== '') key = clusterVal;
  const has = (k: string) => task.entries.some(([x]) => x === k);
  if (!has('cached') && config.cached) task.entries.push(['cached', typeof config.cached === 'number' ? BigInt(config.cached) : config.cached]);
  if (!has('sync') && config.sync) task.entries.push(['sync', true]);
  if (!has('ack_failure') && config.ackFailures) task.entries.push(['ack_failure', true]);
  task.entries.push(['kwargs', { kind: 'dict', entries: keywords }]);
  task.entries.push(['started', nowDatetime(config.now, useTz, flavor, config.timeZone)]);
  if (pyTruthy(dictGetAny(task, 'sync'))) {
    throw new EnqueueError('unsupported', 'RuntimeError', 'sync=True runs the task in the calling process; nothing is queued');
  }
  const timestamp = config.timestamp ?? Math.floor(config.now / 1e6);
  const payload = encodeTaskPayload(task, { key: config.secretKey, salt: config.clusterName, timestamp, compress: config.compress });
  return {
    id,
    name: typeof name === 'string' ? name : humanName,
    task,
    payload,
    ormq: { key, payload, lock: flavor === 'django-q2' ? config.now : config.now - (config.retry ?? 60) * 1e6 },
  };
}

/** timezone.now(): aware UTC (Django 4: datetime.timezone.utc; Django 3.2: pytz.utc) or naive local time. */
function nowDatetime(now: Micros, useTz: boolean, flavor: 'django-q2' | 'django-q', timeZone = 'UTC'): PyValue {
  const wall = useTz ? now : now + offsetAt(timeZone, Math.floor(now / 1e6)) * 1e6;
  const ms = Math.floor(wall / 1000);
  const d = new Date(ms);
  return pyDateTime({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    microsecond: ((wall % 1e6) + 1e6) % 1e6,
    tzinfo: useTz ? (flavor === 'django-q2' ? TIMEZONE_UTC : PYTZ_UTC) : null,
  });
}

/**
 * What the scheduler enqueues for this schedule ("run now"): scheduleCall +
 * asyncTask, after checking (when the row carries its timing columns) that
 * the scheduler's own next-run step would not fail for it.
 */
export function enqueueSchedule(row: ScheduleRow, config: AsyncTaskConfig): TaskPackage {
  const call = scheduleCall(row, config);
  if (row.schedule_type !== undefined && row.schedule_type !== 'O') {
    try {
      nextRun(
        { schedule_type: row.schedule_type, minutes: row.minutes ?? null, cron: row.cron ?? null, next_run: row.next_run, repeats: -1 },
        row.next_run ?? config.now,
        config.now,
        { flavor: config.flavor, useTz: config.useTz, timeZone: config.timeZone, catchUp: true },
      );
    } catch (e) {
      if (e instanceof ScheduleError && (e.code === 'UNKNOWN_TYPE' || e.code === 'BAD_CRON')) {
        throw new EnqueueError('python-error', e.pythonName, `the scheduler fails on this schedule: ${e.message}`);
      }
      if (e instanceof ScheduleError) throw new EnqueueError('unsupported', e.pythonName, e.message);
      throw e;
    }
  }
  return asyncTask(call, config);
}

/** django-q2's admin "Resubmit selected tasks to queue" for one task row. */
export function enqueueResubmit(row: TaskRow, config: AsyncTaskConfig): TaskPackage {
  return asyncTask(resubmitCall(row), config);
}

