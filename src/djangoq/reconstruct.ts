// What CPython's unpickler does when it "calls" something (REDUCE, NEWOBJ,
// BUILD) or mutates a container (APPENDS, SETITEMS, ADDITEMS), re-done on the
// value model. Allow-listed globals map to pure constructors below; every
// other callable yields an inert PyObject that records what it was given.
// Nothing is ever executed. Errors are the Python exceptions CPython would
// raise (TypeError, ValueError, ...), as PythonError.

import { canonicalDecimal, decimalFromFloat, decimalFromInt } from './decimal.js';
import { PickleUnsupportedError, PythonError } from './errors.js';
import { getattrGlobal } from './globals.js';
import { HashKeys } from './hash-key.js';
import { encodeUtf8SurrogatePass } from './utf8.js';
import {
  isTagged,
  isTzInfo,
  PYTZ_UTC,
  type PyDeque,
  type PyDict,
  type PyFrozenSet,
  type PyObject,
  type PySet,
  type PyTimeDelta,
  type PyTzInfo,
  type PyValue,
  pyTimedelta,
  pyTimezone,
  pyTypeName,
  rangeLength,
  timedeltaMicros,
} from './values.js';

type Ctor = (args: PyValue[], r: Reconstructor) => PyValue;

interface KeyIndex {
  str: Map<string, number>;
  other: Map<string, number>;
}

const MAX_OFFSET_US = 86_400_000_000n;

/** Container state and Python semantics for one unpickling run. */
export class Reconstructor {
  readonly keys: HashKeys;
  private readonly index = new WeakMap<object, KeyIndex>();

  /** `charge(n)` is called for every element stored, so copies count against the node budget. */
  constructor(readonly charge: (n: number) => void) {
    this.keys = new HashKeys(charge);
  }

  // -- containers -----------------------------------------------------------

  /** `d[k] = v`: equal keys (1 == True == 1.0) share one entry, first key object kept. */
  dictSet(d: PyDict, k: PyValue, v: PyValue): void {
    const idx = this.indexOf(d);
    const map = typeof k === 'string' ? idx.str : idx.other;
    // Charged even when the key exists: re-setting equal keys must cost too.
    this.charge(1);
    const key = this.keys.keyOf(k);
    const pos = map.get(key);
    if (pos !== undefined) {
      (d.entries[pos] as [PyValue, PyValue])[1] = v;
      return;
    }
    map.set(key, d.entries.length);
    d.entries.push([k, v]);
  }

  /** `d.get(k)` with Python equality of keys; undefined when absent. */
  dictGet(d: PyDict, k: PyValue): PyValue | undefined {
    const idx = this.indexOf(d);
    const pos = (typeof k === 'string' ? idx.str : idx.other).get(this.keys.keyOf(k));
    return pos === undefined ? undefined : (d.entries[pos] as [PyValue, PyValue])[1];
  }

  /** `s.add(item)` for set / frozenset under construction. */
  setAdd(s: PySet | PyFrozenSet, item: PyValue): void {
    const idx = this.indexOf(s);
    const map = typeof item === 'string' ? idx.str : idx.other;
    this.charge(1); // also for duplicates: set(L) of 100k equal items must not be free
    const key = this.keys.keyOf(item);
    if (map.has(key)) return;
    map.set(key, s.items.length);
    s.items.push(item);
  }

  /** Per-container key index, built on first use (containers may come pre-filled). */
  private indexOf(container: PyDict | PySet | PyFrozenSet): KeyIndex {
    let idx = this.index.get(container);
    if (idx === undefined) {
      idx = { str: new Map(), other: new Map() };
      const keys = container.kind === 'dict' ? container.entries.map((e) => e[0]) : container.items;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as PyValue;
        (typeof k === 'string' ? idx.str : idx.other).set(this.keys.keyOf(k), i);
      }
      this.index.set(container, idx);
    }
    return idx;
  }

  newSet(kind: 'set' | 'frozenset', items: Iterable<PyValue>): PySet | PyFrozenSet {
    const s: PySet | PyFrozenSet = { kind, items: [] };
    for (const it of items) this.setAdd(s, it);
    return s;
  }

  /** APPEND / APPENDS. */
  append(target: PyValue, items: PyValue[], opName: 'append' | 'extend'): void {
    if (isTagged(target) && target.kind === 'list') {
      this.charge(items.length);
      for (const it of items) target.items.push(it);
      return;
    }
    if (isTagged(target) && target.kind === 'deque') {
      this.charge(items.length);
      dequeExtend(target, items);
      return;
    }
    if (isTagged(target) && target.kind === 'object') {
      this.charge(items.length);
      for (const it of items) target.listItems.push(it);
      return;
    }
    throw new PythonError('AttributeError', `'${pyTypeName(target)}' object has no attribute '${opName}'`);
  }

  /** SETITEM / SETITEMS with a flat [k0, v0, k1, v1, ...] list. */
  setItems(target: PyValue, flat: PyValue[]): void {
    if (isTagged(target) && target.kind === 'dict') {
      for (let i = 0; i + 1 < flat.length; i += 2) this.dictSet(target, flat[i] as PyValue, flat[i + 1] as PyValue);
      return;
    }
    if (isTagged(target) && target.kind === 'object') {
      this.charge(flat.length / 2);
      for (let i = 0; i + 1 < flat.length; i += 2) target.dictItems.push([flat[i] as PyValue, flat[i + 1] as PyValue]);
      return;
    }
    throw new PythonError('TypeError', `'${pyTypeName(target)}' object does not support item assignment`);
  }

  /** ADDITEMS. */
  addItems(target: PyValue, items: PyValue[]): void {
    if (isTagged(target) && target.kind === 'set') {
      for (const it of items) this.setAdd(target, it);
      return;
    }
    if (isTagged(target) && target.kind === 'object') {
      this.charge(items.length);
      for (const it of items) target.setItems.push(it);
      return;
    }
    throw new PythonError('AttributeError', `'${pyTypeName(target)}' object has no attribute 'add'`);
  }

  // -- calls ------------------------------------------------------------------

  /** REDUCE: `callable(*args)`. */
  reduce(callable: PyValue, args: PyValue[]): PyValue {
    if (isTagged(callable) && callable.kind === 'global') {
      const ctor = REDUCE_CTORS.get(`${callable.module}.${callable.qualname}`);
      if (ctor) return ctor(args, this);
      return opaque(callable, args, null, 'reduce');
    }
    if (isTagged(callable) && callable.kind === 'object') return opaque(callable, args, null, 'reduce');
    throw new PythonError('TypeError', `'${pyTypeName(callable)}' object is not callable`);
  }

  /** NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args, **kwargs)`. */
  newObj(cls: PyValue, args: PyValue[], kwargs: PyDict | null): PyValue {
    if (!isTagged(cls) || cls.kind !== 'global') {
      throw new PythonError('UnpicklingError', `NEWOBJ class argument isn't a type object`);
    }
    const name = `${cls.module}.${cls.qualname}`;
    const special = NEWOBJ_CTORS.get(name);
    if (special && (kwargs === null || kwargs.entries.length === 0)) return special(args, this);
    return opaque(cls, args, kwargs, kwargs === null ? 'newobj' : 'newobj_ex');
  }

  /** BUILD: `obj.__setstate__(state)` or `obj.__dict__.update(state)`. */
  build(obj: PyValue, state: PyValue): void {
    if (isTagged(obj) && obj.kind === 'object') {
      if (isTagged(obj.cls) && obj.cls.kind === 'global' && obj.cls.module === 'uuid' && obj.cls.qualname === 'UUID') {
        buildUuid(obj, state);
        return;
      }
      obj.state = state;
      return;
    }
    // Modelled instances of Python classes (Counter, pytz zones; OrderedDict's
    // C type too) have a __dict__: their attributes are dropped here.
    if (isTagged(obj) && obj.kind === 'dict' && (obj.subclass === 'OrderedDict' || obj.subclass === 'Counter')) return;
    if (isTagged(obj) && (obj.kind === 'pytz-utc' || obj.kind === 'pytz-zone')) return;
    defaultBuild(obj, state);
  }
}

/**
 * load_build's default (no __setstate__) on an instance without a __dict__:
 * a (state, slotstate) pair is split; a state other than None needs
 * obj.__dict__ (AttributeError, even for {}); slot attributes cannot be set.
 */
function defaultBuild(obj: PyValue, state: PyValue): void {
  let slots: PyValue | undefined;
  if (isTagged(state) && state.kind === 'tuple' && state.items.length === 2) {
    slots = state.items[1] as PyValue;
    state = state.items[0] as PyValue;
  }
  const typeName = isTagged(obj) && obj.kind === 'deque' ? 'collections.deque' : pyTypeName(obj);
  if (state !== null) {
    if (!isTagged(state) || state.kind !== 'dict') {
      throw new PythonError('UnpicklingError', 'state is not a dictionary');
    }
    throw new PythonError('AttributeError', `'${typeName}' object has no attribute '__dict__'`);
  }
  if (slots === undefined) return;
  if (!isTagged(slots) || slots.kind !== 'dict') {
    throw new PythonError('UnpicklingError', 'slot state is not a dictionary');
  }
  const first = slots.entries[0];
  if (first !== undefined) {
    const name = typeof first[0] === 'string' ? first[0] : '?';
    throw new PythonError('AttributeError', `'${typeName}' object has no attribute '${name}'`);
  }
}

/** deque.extend: with a maxlen, items fall off the left end. */
function dequeExtend(d: PyDeque, items: PyValue[]): void {
  for (const it of items) d.items.push(it);
  if (d.maxlen !== null && BigInt(d.items.length) > d.maxlen) d.items.splice(0, d.items.length - Number(d.maxlen));
}

function opaque(
  cls: PyValue,
  args: PyValue[],
  kwargs: PyDict | null,
  via: PyObject['via'],
): PyObject {
  return { kind: 'object', cls, args, kwargs, via, state: undefined, listItems: [], dictItems: [], setItems: [] };
}

/** uuid.UUID.__setstate__: takes state['int'] (no range check, like CPython). */
function buildUuid(obj: PyObject, state: PyValue): void {
  if (!isTagged(state) || state.kind !== 'dict') {
    throw new PythonError('TypeError', `'${pyTypeName(state)}' object is not subscriptable`);
  }
  let n: PyValue | undefined;
  for (const [k, v] of state.entries) if (k === 'int') n = v;
  if (n === undefined) throw new PythonError('KeyError', "'int'");
  if (typeof n !== 'bigint' && typeof n !== 'boolean') {
    throw new PickleUnsupportedError('UUID state int is not an int', 'UNSUPPORTED', 'UnpicklingError');
  }
  // Turn the placeholder into a UUID in place: memo entries and containers
  // already hold this very object, and Python identity must be preserved.
  const target = obj as unknown as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  target.kind = 'uuid';
  target.int = typeof n === 'boolean' ? BigInt(n) : n;
}

// ---------------------------------------------------------------------------
// Argument helpers.

function argInt(v: PyValue | undefined, what: string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'bigint') {
    throw new PythonError('TypeError', `'${pyTypeName(v ?? null)}' object cannot be interpreted as an integer (${what})`);
  }
  if (v > 2_147_483_647n || v < -2_147_483_648n) {
    throw new PythonError('OverflowError', 'signed integer is greater than maximum');
  }
  return Number(v);
}

function argBigInt(v: PyValue | undefined, what: string): bigint {
  if (v === undefined) return 0n;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'number') {
    throw new PickleUnsupportedError(`fractional float ${what} not emulated`, 'UNSUPPORTED', 'UnpicklingError');
  }
  throw new PythonError('TypeError', `unsupported type for timedelta ${what} component: ${pyTypeName(v)}`);
}

function bytesLike(v: PyValue | undefined): Uint8Array | undefined {
  if (isTagged(v ?? null) && ((v as { kind: string }).kind === 'bytes' || (v as { kind: string }).kind === 'bytearray')) {
    return (v as { data: Uint8Array }).data;
  }
  return undefined;
}

/** Python 2 pickles (encoding='latin1') carry datetime state as a str; only `size` matters. */
function stateBytes(v: PyValue | undefined, size: number): Uint8Array | undefined {
  const b = bytesLike(v);
  if (b) return b;
  if (typeof v === 'string' && v.length === size) {
    if (/[\u0100-\uffff]/.test(v)) {
      throw new PythonError(
        'ValueError',
        "Failed to encode latin1 string when unpickling a datetime object. pickle.load(data, encoding='latin1') is assumed.",
      );
    }
    return Buffer.from(v, 'latin1');
  }
  return undefined;
}

function tzArg(v: PyValue | undefined, pickled: boolean): PyTzInfo | null {
  if (v === undefined || v === null) return null;
  if (isTzInfo(v)) return v;
  throw new PythonError(
    'TypeError',
    pickled ? 'bad tzinfo state arg' : `tzinfo argument must be None or of a tzinfo subclass, not type '${pyTypeName(v)}'`,
  );
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return DAYS_IN_MONTH[m] as number;
}

function checkDate(y: number, m: number, d: number): void {
  if (y < 1 || y > 9999) throw new PythonError('ValueError', `year ${y} is out of range`);
  if (m < 1 || m > 12) throw new PythonError('ValueError', 'month must be in 1..12');
  if (d < 1 || d > daysInMonth(y, m)) throw new PythonError('ValueError', 'day is out of range for month');
}

function checkTime(h: number, mi: number, s: number, us: number): void {
  if (h < 0 || h > 23) throw new PythonError('ValueError', 'hour must be in 0..23');
  if (mi < 0 || mi > 59) throw new PythonError('ValueError', 'minute must be in 0..59');
  if (s < 0 || s > 59) throw new PythonError('ValueError', 'second must be in 0..59');
  if (us < 0 || us > 999999) throw new PythonError('ValueError', 'microsecond must be in 0..999999');
}

function tooMany(name: string, max: number, got: number): PythonError {
  return new PythonError('TypeError', `${name}() takes at most ${max} arguments (${got} given)`);
}

// ---------------------------------------------------------------------------
// Constructors of allow-listed globals.

/** datetime.datetime: pickle state (bytes10[, tz]) or the public int signature. */
const makeDateTime: Ctor = (args) => {
  if (args.length >= 1 && args.length <= 2) {
    const data = stateBytes(args[0], 10);
    if (data && data.length === 10 && ((data[2] as number) & 0x7f) >= 1 && ((data[2] as number) & 0x7f) <= 12) {
      // CPython copies the bytes without further validation (datetime_from_pickle).
      const tz = tzArg(args[1], true);
      return {
        kind: 'datetime',
        year: ((data[0] as number) << 8) | (data[1] as number),
        month: (data[2] as number) & 0x7f,
        day: data[3] as number,
        hour: data[4] as number,
        minute: data[5] as number,
        second: data[6] as number,
        microsecond: ((data[7] as number) << 16) | ((data[8] as number) << 8) | (data[9] as number),
        fold: (data[2] as number) & 0x80 ? 1 : 0,
        tzinfo: tz,
      };
    }
  }
  if (args.length < 3) throw new PythonError('TypeError', "function missing required argument 'day' (pos 3)");
  if (args.length > 8) throw tooMany('datetime', 8, args.length);
  const [y, m, d, h, mi, s, us] = [0, 1, 2, 3, 4, 5, 6].map((i) =>
    args[i] === undefined ? 0 : argInt(args[i], 'datetime'),
  ) as [number, number, number, number, number, number, number];
  checkDate(y, m, d);
  checkTime(h, mi, s, us);
  return {
    kind: 'datetime',
    year: y,
    month: m,
    day: d,
    hour: h,
    minute: mi,
    second: s,
    microsecond: us,
    fold: 0,
    tzinfo: tzArg(args[7], false),
  };
};

const makeDate: Ctor = (args) => {
  if (args.length === 1) {
    const data = stateBytes(args[0], 4);
    if (data && data.length === 4 && (data[2] as number) >= 1 && (data[2] as number) <= 12) {
      return { kind: 'date', year: ((data[0] as number) << 8) | (data[1] as number), month: data[2] as number, day: data[3] as number };
    }
  }
  if (args.length < 3) throw new PythonError('TypeError', "function missing required argument 'day' (pos 3)");
  if (args.length > 3) throw tooMany('date', 3, args.length);
  const y = argInt(args[0], 'year');
  const m = argInt(args[1], 'month');
  const d = argInt(args[2], 'day');
  checkDate(y, m, d);
  return { kind: 'date', year: y, month: m, day: d };
};

const makeTime: Ctor = (args) => {
  if (args.length >= 1 && args.length <= 2) {
    const data = stateBytes(args[0], 6);
    if (data && data.length === 6 && ((data[0] as number) & 0x7f) < 24) {
      const tz = tzArg(args[1], true);
      return {
        kind: 'time',
        hour: (data[0] as number) & 0x7f,
        minute: data[1] as number,
        second: data[2] as number,
        microsecond: ((data[3] as number) << 16) | ((data[4] as number) << 8) | (data[5] as number),
        fold: (data[0] as number) & 0x80 ? 1 : 0,
        tzinfo: tz,
      };
    }
  }
  if (args.length > 5) throw tooMany('time', 5, args.length);
  const [h, mi, s, us] = [0, 1, 2, 3].map((i) => (args[i] === undefined ? 0 : argInt(args[i], 'time'))) as [
    number,
    number,
    number,
    number,
  ];
  checkTime(h, mi, s, us);
  return { kind: 'time', hour: h, minute: mi, second: s, microsecond: us, fold: 0, tzinfo: tzArg(args[4], false) };
};

/** timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks) with int arguments. */
const makeTimedelta: Ctor = (args) => {
  if (args.length > 7) throw tooMany('timedelta', 7, args.length);
  const [d, s, us, ms, mi, h, w] = [0, 1, 2, 3, 4, 5, 6].map((i) => argBigInt(args[i], 'timedelta')) as bigint[];
  const days = (d as bigint) + (w as bigint) * 7n;
  const seconds = (s as bigint) + (mi as bigint) * 60n + (h as bigint) * 3600n;
  const micros = (us as bigint) + (ms as bigint) * 1000n;
  try {
    return pyTimedelta(days, seconds, micros);
  } catch (e) {
    throw new PythonError('OverflowError', (e as Error).message);
  }
};

const makeTimezone: Ctor = (args) => {
  if (args.length < 1 || args.length > 2) {
    throw new PythonError('TypeError', `timezone() takes at most 2 arguments (${args.length} given)`);
  }
  const off = args[0];
  if (!isTagged(off ?? null) || (off as { kind: string }).kind !== 'timedelta') {
    throw new PythonError('TypeError', `timezone() argument 1 must be datetime.timedelta, not ${pyTypeName(off ?? null)}`);
  }
  const name = args[1];
  if (name !== undefined && typeof name !== 'string') {
    throw new PythonError('TypeError', `timezone() argument 2 must be str, not ${pyTypeName(name)}`);
  }
  const us = timedeltaMicros(off as PyTimeDelta);
  if (us <= -MAX_OFFSET_US || us >= MAX_OFFSET_US) {
    throw new PythonError(
      'ValueError',
      'offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).',
    );
  }
  return pyTimezone(off as PyTimeDelta, name ?? null);
};

/** pytz._p(zone, utcoffset_seconds=None, dst_seconds=None, tzname=None). */
const makePytz: Ctor = (args) => {
  const zone = args[0];
  if (typeof zone !== 'string') throw new PythonError('TypeError', 'zone must be a string');
  const utcoffset = args[1] ?? null;
  if (utcoffset === null) return zone === 'UTC' ? PYTZ_UTC : { kind: 'pytz-zone', zone, utcoffset: null, dst: null, tzname: null };
  const dst = args[2] ?? null;
  const tzname = args[3] ?? null;
  return {
    kind: 'pytz-zone',
    zone,
    utcoffset: argInt(utcoffset, 'utcoffset'),
    dst: dst === null ? 0 : argInt(dst, 'dst'),
    tzname: tzname === null ? null : String(tzname),
  };
};

const makeZoneInfo: Ctor = (args) => {
  const key = args[0];
  if (typeof key !== 'string') throw new PythonError('TypeError', 'key must be a string');
  return { kind: 'zoneinfo', key };
};

const makeDecimal: Ctor = (args, r) => {
  if (args.length > 2) throw tooMany('Decimal', 2, args.length);
  const v = args[0] ?? '0';
  if (typeof v === 'string') {
    r.charge(Math.ceil(v.length / 16));
    return { kind: 'decimal', value: canonicalDecimal(v) };
  }
  if (typeof v === 'bigint') {
    // Printing in decimal is the costly part: charged by size before it runs
    // (hex is linear to print), so a memoised int converted again and again
    // exhausts the budget rather than the CPU.
    r.charge(Math.ceil((v < 0n ? -v : v).toString(16).length / 4));
    return { kind: 'decimal', value: decimalFromInt(v) };
  }
  if (typeof v === 'boolean') return { kind: 'decimal', value: v ? '1' : '0' };
  if (typeof v === 'number') return { kind: 'decimal', value: decimalFromFloat(v) };
  if (isTagged(v) && v.kind === 'decimal') return v;
  throw new PickleUnsupportedError(`Decimal(${pyTypeName(v)}) not emulated`, 'UNSUPPORTED', 'UnpicklingError');
};

const makeUuid: Ctor = (args, r) => {
  const hex = args[0];
  if (typeof hex !== 'string') {
    throw new PickleUnsupportedError('UUID() without a hex string not emulated', 'UNSUPPORTED', 'UnpicklingError');
  }
  r.charge(Math.ceil(hex.length / 16));
  const clean = hex.replace('urn:', '').replace('uuid:', '').replace(/^[{}]+|[{}]+$/g, '').replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(clean)) throw new PythonError('ValueError', 'badly formed hexadecimal UUID string');
  return { kind: 'uuid', int: BigInt(`0x${clean}`) };
};

/**
 * The elements of an iterable argument, for the iterables pickles use. Every
 * array built here is charged to the element budget before it is built (a
 * 16 MiB str or bytearray would otherwise become millions of values first).
 * Exported for tests.
 */
export function iterate(v: PyValue | undefined, r: Reconstructor): PyValue[] {
  if (v === undefined) return [];
  if (typeof v === 'string') {
    r.charge(v.length); // UTF-16 units: at least as many as code points
    return Array.from(v);
  }
  if (isTagged(v)) {
    switch (v.kind) {
      case 'list':
      case 'tuple':
      case 'set':
      case 'frozenset':
      case 'deque':
        return v.items;
      case 'range': {
        const n = rangeLength(v);
        // Charged before it is built: range(10**18) must fail on the budget, not on memory.
        r.charge(n > 1_000_000_000n ? Number.MAX_SAFE_INTEGER : Number(n));
        const out: PyValue[] = [];
        for (let i = 0n, x = v.start; i < n; i++, x += v.step) out.push(x);
        return out;
      }
      case 'dict':
        r.charge(v.entries.length);
        return v.entries.map((e) => e[0]);
      case 'bytes':
      case 'bytearray':
        r.charge(v.data.length);
        return Array.from(v.data, (b) => BigInt(b));
      default:
        break;
    }
  }
  throw new PythonError('TypeError', `'${pyTypeName(v)}' object is not iterable`);
}

const makeSet =
  (kind: 'set' | 'frozenset'): Ctor =>
  (args, r) => {
    if (args.length > 1) throw new PythonError('TypeError', `${kind} expected at most 1 argument, got ${args.length}`);
    return r.newSet(kind, iterate(args[0], r));
  };

/** str.encode(encoding) for the codecs pickles use; work is charged by length. */
function encodeStr(s: string, encoding: string, r: Reconstructor): Uint8Array {
  r.charge(Math.ceil(s.length / 16));
  const enc = encoding.toLowerCase().replace(/_/g, '-');
  if (enc === 'latin1' || enc === 'latin-1' || enc === 'iso-8859-1' || enc === 'iso8859-1' || enc === 'l1') {
    return narrow(s, 'latin-1', /[\u0100-\uffff]/);
  }
  if (enc === 'ascii' || enc === 'us-ascii') return narrow(s, 'ascii', /[\u0080-\uffff]/);
  if (enc === 'utf-8' || enc === 'utf8') {
    if (/[\uD800-\uDFFF]/u.test(s)) throw new PythonError('UnicodeEncodeError', "'utf-8' codec can't encode surrogates");
    return encodeUtf8SurrogatePass(s);
  }
  throw new PickleUnsupportedError(`codec ${encoding} not emulated`, 'UNSUPPORTED', 'UnpicklingError');
}

function narrow(s: string, codec: string, outside: RegExp): Uint8Array {
  const m = outside.exec(s);
  if (m) throw new PythonError('UnicodeEncodeError', `'${codec}' codec can't encode character in position ${m.index}`);
  return Buffer.from(s, 'latin1');
}

/** bytes(...) / bytearray(...) for the argument shapes pickles use. */
function bytesFrom(args: PyValue[], name: string, r: Reconstructor): Uint8Array {
  if (args.length === 0) return new Uint8Array(0);
  const first = args[0] as PyValue;
  if (typeof first === 'string') {
    if (typeof args[1] !== 'string') throw new PythonError('TypeError', 'string argument without an encoding');
    return encodeStr(first, args[1], r);
  }
  const b = bytesLike(first);
  if (b) {
    r.charge(Math.ceil(b.length / 16));
    return b.slice();
  }
  if (isTagged(first) && (first.kind === 'list' || first.kind === 'tuple')) {
    r.charge(first.items.length);
    const out = new Uint8Array(first.items.length);
    first.items.forEach((x, i) => {
      const n = typeof x === 'bigint' ? x : typeof x === 'boolean' ? BigInt(x) : -1n;
      if (n < 0n || n > 255n) throw new PythonError('ValueError', 'bytes must be in range(0, 256)');
      out[i] = Number(n);
    });
    return out;
  }
  throw new PickleUnsupportedError(`${name}(${pyTypeName(first)}) not emulated`, 'UNSUPPORTED', 'UnpicklingError');
}

/** getattr(obj, name): deeper reference for globals; an inert bound-method object otherwise. */
const makeGetattr: Ctor = (args, r) => {
  if (args.length < 2 || args.length > 3) {
    throw new PythonError('TypeError', `getattr expected 2 or 3 arguments, got ${args.length}`);
  }
  const [obj, name] = args as [PyValue, PyValue];
  if (typeof name !== 'string') throw new PythonError('TypeError', "attribute name must be string, not 'int'");
  if (isTagged(obj) && obj.kind === 'global') {
    // The new qualname is a copy: chained getattr on a long name must cost.
    r.charge(Math.ceil((obj.qualname.length + name.length) / 16));
    return getattrGlobal(obj, name);
  }
  return opaque({ kind: 'global', module: 'builtins', qualname: 'getattr' }, [obj, name], null, 'reduce');
};

function odictEntries(v: PyValue | undefined): [PyValue, PyValue][] {
  if (v === undefined) return [];
  if (isTagged(v) && v.kind === 'dict') return v.entries.map((e) => [e[0], e[1]]);
  if (isTagged(v) && (v.kind === 'list' || v.kind === 'tuple')) {
    return v.items.map((p) => {
      if (isTagged(p) && (p.kind === 'tuple' || p.kind === 'list') && p.items.length === 2) {
        return [p.items[0] as PyValue, p.items[1] as PyValue];
      }
      throw new PythonError('ValueError', 'need 2 items per pair');
    });
  }
  throw new PythonError('TypeError', `'${pyTypeName(v)}' object is not iterable`);
}

const makeOrderedDict: Ctor = (args, r) => {
  if (args.length > 1) throw new PythonError('TypeError', `expected at most 1 arguments, got ${args.length}`);
  const d: PyDict = { kind: 'dict', entries: [], subclass: 'OrderedDict' };
  for (const [k, v] of odictEntries(args[0])) r.dictSet(d, k, v);
  return d;
};

const makeDefaultDict: Ctor = (args, r) => {
  const d: PyDict = { kind: 'dict', entries: [], subclass: 'defaultdict', defaultFactory: args[0] ?? null };
  for (const [k, v] of odictEntries(args[1])) r.dictSet(d, k, v);
  return d;
};

/** float(x) for complex() arguments: int (exactly rounded), bool, float, Decimal. */
function toFloat(v: PyValue, which: 'first' | 'second'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') {
    const x = Number(v); // round-half-even, as int.__float__
    if (!Number.isFinite(x)) throw new PythonError('OverflowError', 'int too large to convert to float');
    return x;
  }
  if (isTagged(v) && v.kind === 'decimal') {
    if (/sNaN/.test(v.value)) throw new PythonError('ValueError', 'cannot convert signaling NaN to float');
    return /NaN/.test(v.value) ? Number.NaN : Number(v.value);
  }
  throw new PythonError(
    'TypeError',
    `complex() ${which} argument must be a ${which === 'first' ? 'string or a ' : ''}number, not '${pyTypeName(v)}'`,
  );
}

/** complex(real=0, imag=0) with number arguments (complex_new_impl); strings are not parsed. */
const makeComplex: Ctor = (args) => {
  if (args.length > 2) throw tooMany('complex', 2, args.length);
  const [r, i] = args;
  if (r === undefined) return { kind: 'complex', real: 0, imag: 0 };
  if (typeof r === 'string') {
    if (i !== undefined) throw new PythonError('TypeError', "complex() can't take second arg if first is a string");
    throw new PickleUnsupportedError('complex(str) not emulated', 'UNSUPPORTED', 'UnpicklingError');
  }
  if (typeof i === 'string') throw new PythonError('TypeError', "complex() second arg can't be a string");
  const rc = isTagged(r) && r.kind === 'complex' ? r : null;
  if (rc !== null && i === undefined) return rc;
  // cr = complex(r), ci = complex(i); result = cr + ci*1j, without any rounding of the parts.
  let crReal = rc !== null ? rc.real : toFloat(r, 'first');
  const crImag = rc !== null ? rc.imag : 0;
  let ciReal = 0;
  if (i !== undefined) {
    if (isTagged(i) && i.kind === 'complex') {
      crReal -= i.imag;
      ciReal = i.real;
    } else {
      ciReal = toFloat(i, 'second');
    }
  } else {
    ciReal = crImag;
  }
  if (rc !== null && i !== undefined) ciReal += crImag;
  return { kind: 'complex', real: crReal, imag: ciReal };
};

/** operator.index(v) for range() arguments. */
function indexArg(v: PyValue | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  throw new PythonError('TypeError', `'${pyTypeName(v ?? null)}' object cannot be interpreted as an integer`);
}

/** range(stop) / range(start, stop[, step]). */
const makeRange: Ctor = (args) => {
  if (args.length === 0) throw new PythonError('TypeError', 'range expected at least 1 argument, got 0');
  if (args.length > 3) throw new PythonError('TypeError', `range expected at most 3 arguments, got ${args.length}`);
  if (args.length === 1) return { kind: 'range', start: 0n, stop: indexArg(args[0]), step: 1n };
  const start = indexArg(args[0]);
  const stop = indexArg(args[1]);
  const step = args.length === 3 ? indexArg(args[2]) : 1n;
  if (step === 0n) throw new PythonError('ValueError', 'range() arg 3 must not be zero');
  return { kind: 'range', start, stop, step };
};

const PY_SSIZE_T_MAX = 2n ** 63n - 1n;

/** collections.deque(iterable=(), maxlen=None). */
const makeDeque: Ctor = (args, r) => {
  if (args.length > 2) throw new PythonError('TypeError', `deque() takes at most 2 arguments (${args.length} given)`);
  const m = args[1] ?? null;
  let maxlen: bigint | null = null;
  if (m !== null) {
    if (typeof m !== 'bigint' && typeof m !== 'boolean') throw new PythonError('TypeError', 'an integer is required');
    maxlen = BigInt(m);
    if (maxlen > PY_SSIZE_T_MAX || maxlen < -PY_SSIZE_T_MAX - 1n) {
      throw new PythonError('OverflowError', 'Python int too large to convert to C ssize_t');
    }
    if (maxlen < 0n) throw new PythonError('ValueError', 'maxlen must be non-negative');
  }
  const d: PyDeque = { kind: 'deque', items: [], maxlen };
  const items = iterate(args[0], r);
  r.charge(items.length);
  dequeExtend(d, items);
  return d;
};

/**
 * collections.Counter(iterable=None): a mapping is copied (dict.update on
 * the empty Counter); any other iterable is counted, element by element.
 */
const makeCounter: Ctor = (args, r) => {
  if (args.length > 1) {
    throw new PythonError('TypeError', `Counter.__init__() takes from 1 to 2 positional arguments but ${args.length + 1} were given`);
  }
  const c: PyDict = { kind: 'dict', entries: [], subclass: 'Counter' };
  const src = args[0] ?? null;
  if (src === null) return c;
  if (isTagged(src) && src.kind === 'dict') {
    for (const [k, v] of src.entries) r.dictSet(c, k, v);
    return c;
  }
  // _count_elements: c[elem] = c.get(elem, 0) + 1 (equal elements such as 1 / 1.0 / True share one entry).
  for (const it of iterate(src, r)) r.dictSet(c, it, ((r.dictGet(c, it) as bigint | undefined) ?? 0n) + 1n);
  return c;
};

/** copyreg._reconstructor(cls, base, state): protocol 0/1 form of object.__new__(cls). */
const makeReconstructor: Ctor = (args, r) => {
  const [cls, base, state] = args;
  if (isTagged(base ?? null) && (base as { kind: string }).kind === 'global') {
    const b = base as { module: string; qualname: string };
    if (b.module === 'builtins' && b.qualname === 'object') return r.newObj(cls ?? null, [], null);
  }
  // base.__new__(cls, state) + base.__init__(obj, state): list / dict subclasses get their items.
  const o = opaque(cls ?? null, [], null, 'reduce');
  if (isTagged(base ?? null) && (base as { kind: string }).kind === 'global' && (base as { module: string }).module === 'builtins') {
    const b = (base as { qualname: string }).qualname;
    if (b === 'list' && state !== undefined && state !== null) {
      const items = iterate(state, r);
      r.charge(items.length);
      o.listItems.push(...items);
      return o;
    }
    if (b === 'dict' && isTagged(state ?? null) && (state as { kind: string }).kind === 'dict') {
      const entries = (state as PyDict).entries;
      r.charge(entries.length);
      for (const e of entries) o.dictItems.push([e[0], e[1]]);
      return o;
    }
  }
  if (state !== undefined && state !== null) o.args.push(state);
  return o;
};

/** copyreg.__newobj__(cls, *args). */
const makeNewobj: Ctor = (args, r) => r.newObj(args[0] ?? null, args.slice(1), null);

const REDUCE_CTORS: ReadonlyMap<string, Ctor> = new Map<string, Ctor>([
  ['datetime.datetime', makeDateTime],
  ['datetime.date', makeDate],
  ['datetime.time', makeTime],
  ['datetime.timedelta', makeTimedelta],
  ['datetime.timezone', makeTimezone],
  ['pytz._UTC', () => PYTZ_UTC],
  ['pytz._p', makePytz],
  ['pytz.timezone', makePytz],
  ['zoneinfo.ZoneInfo', makeZoneInfo],
  ['zoneinfo.ZoneInfo._unpickle', makeZoneInfo],
  ['decimal.Decimal', makeDecimal],
  ['uuid.UUID', makeUuid],
  ['builtins.set', makeSet('set')],
  ['builtins.frozenset', makeSet('frozenset')],
  ['builtins.bytes', (a, r) => ({ kind: 'bytes', data: bytesFrom(a, 'bytes', r) })],
  ['builtins.bytearray', (a, r) => ({ kind: 'bytearray', data: bytesFrom(a, 'bytearray', r) })],
  ['builtins.getattr', makeGetattr],
  ['collections.OrderedDict', makeOrderedDict],
  ['collections.defaultdict', makeDefaultDict],
  ['collections.Counter', makeCounter],
  ['collections.deque', makeDeque],
  ['builtins.complex', makeComplex],
  ['builtins.range', makeRange],
  [
    '_codecs.encode',
    (a, r) => {
      if (typeof a[0] !== 'string') throw new PythonError('TypeError', 'utf_8_encode() argument 1 must be str');
      return { kind: 'bytes', data: encodeStr(a[0], typeof a[1] === 'string' ? a[1] : 'utf-8', r) };
    },
  ],
  ['copyreg._reconstructor', makeReconstructor],
  ['copyreg.__newobj__', makeNewobj],
]);

/** `cls.__new__(cls, *args)` where it differs from an opaque object. */
const NEWOBJ_CTORS: ReadonlyMap<string, Ctor> = new Map<string, Ctor>([
  ['datetime.datetime', makeDateTime],
  ['datetime.date', makeDate],
  ['datetime.time', makeTime],
  ['datetime.timedelta', makeTimedelta],
  ['datetime.timezone', makeTimezone],
  ['decimal.Decimal', makeDecimal],
  // set.__new__ ignores its arguments (set.__init__ would fill it).
  ['builtins.set', (_a, r) => r.newSet('set', [])],
  ['builtins.frozenset', makeSet('frozenset')],
  ['builtins.bytearray', () => ({ kind: 'bytearray', data: new Uint8Array(0) })],
  ['collections.OrderedDict', () => ({ kind: 'dict', entries: [], subclass: 'OrderedDict' })],
  // dict.__new__ / deque_new: empty, whatever the arguments (__init__ is not called).
  ['collections.Counter', () => ({ kind: 'dict', entries: [], subclass: 'Counter' })],
  ['collections.deque', () => ({ kind: 'deque', items: [], maxlen: null })],
  ['builtins.complex', makeComplex],
  ['builtins.range', makeRange],
]);
