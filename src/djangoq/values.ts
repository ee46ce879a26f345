// The value model: decoded Python values, kept with everything repr() needs.
//
// Scalars map to JS primitives so the common case costs nothing:
//   None -> null, bool -> boolean, int -> bigint (always, even 0),
//   float -> number, str -> string (UTF-16; lone surrogates allowed).
// Everything else is a plain object tagged with `kind` (complex, range and
// collections.deque included; collections.Counter is a dict `subclass`). Containers keep their
// stored order. A dict is an array of [key, value] pairs, never a JS object,
// so keys such as "__proto__" or "constructor" are plain data.
//
// Identity matters: the unpickler reuses the same JS object for every memo
// reference (so cycles are possible, exactly as in Python), and repr() /
// the pickler detect cycles by object identity.

export type PyValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | PyBytes
  | PyByteArray
  | PyTuple
  | PyList
  | PyDict
  | PySet
  | PyFrozenSet
  | PyComplex
  | PyRange
  | PyDeque
  | PyDateTime
  | PyDate
  | PyTime
  | PyTimeDelta
  | PyTzInfo
  | PyDecimal
  | PyUUID
  | PyGlobal
  | PyObject;

export interface PyBytes {
  kind: 'bytes';
  data: Uint8Array;
}

export interface PyByteArray {
  kind: 'bytearray';
  data: Uint8Array;
}

export interface PyTuple {
  kind: 'tuple';
  items: PyValue[];
}

export interface PyList {
  kind: 'list';
  items: PyValue[];
}

/**
 * dict, or one of the dict subclasses whose repr we reproduce.
 * `subclass` absent = plain dict. For defaultdict, `defaultFactory` is the
 * factory (usually a global such as builtins.list, or None). A Counter's
 * entries are element -> count (any value, normally an int).
 */
export interface PyDict {
  kind: 'dict';
  entries: [PyValue, PyValue][];
  subclass?: 'OrderedDict' | 'defaultdict' | 'Counter';
  defaultFactory?: PyValue;
}

export interface PySet {
  kind: 'set';
  items: PyValue[];
}

export interface PyFrozenSet {
  kind: 'frozenset';
  items: PyValue[];
}

/** complex: two IEEE doubles (signed zeros and NaN kept). */
export interface PyComplex {
  kind: 'complex';
  real: number;
  imag: number;
}

/** range(start, stop, step) as given (not normalised; step != 0). */
export interface PyRange {
  kind: 'range';
  start: bigint;
  stop: bigint;
  step: bigint;
}

/** collections.deque; `maxlen` null = unbounded. Never holds more than maxlen items. */
export interface PyDeque {
  kind: 'deque';
  items: PyValue[];
  maxlen: bigint | null;
}

interface DateFields {
  year: number;
  month: number;
  day: number;
}

interface TimeFields {
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  fold: 0 | 1;
  tzinfo: PyTzInfo | null;
}

export interface PyDateTime extends DateFields, TimeFields {
  kind: 'datetime';
}

export interface PyDate extends DateFields {
  kind: 'date';
}

export interface PyTime extends TimeFields {
  kind: 'time';
}

/** Normalised like CPython: 0 <= seconds < 86400, 0 <= microseconds < 1e6, |days| <= 999999999. */
export interface PyTimeDelta {
  kind: 'timedelta';
  days: number;
  seconds: number;
  microseconds: number;
}

export type PyTzInfo = PyTimezone | PyPytzUtc | PyPytzZone | PyZoneInfo;

/** datetime.timezone. offset 0 with name null is the `datetime.timezone.utc` singleton. */
export interface PyTimezone {
  kind: 'timezone';
  offset: PyTimeDelta;
  name: string | null;
}

/** pytz.utc (pickled as `pytz._UTC()`), repr `<UTC>`. */
export interface PyPytzUtc {
  kind: 'pytz-utc';
}

/**
 * A pytz zone, pickled as `pytz._p(zone, utcoffset_seconds, dst_seconds, tzname)`
 * (DstTzInfo) or `pytz._p(zone)` (StaticTzInfo). Null fields = not given.
 */
export interface PyPytzZone {
  kind: 'pytz-zone';
  zone: string;
  utcoffset: number | null;
  dst: number | null;
  tzname: string | null;
}

/** zoneinfo.ZoneInfo, pickled as `getattr(ZoneInfo, '_unpickle')(key, from_cache)`. */
export interface PyZoneInfo {
  kind: 'zoneinfo';
  key: string;
}

/** decimal.Decimal; `value` is the canonical `str(Decimal)` text, e.g. '12.3400', '1E+2', 'NaN'. */
export interface PyDecimal {
  kind: 'decimal';
  value: string;
}

export interface PyUUID {
  kind: 'uuid';
  int: bigint;
}

/**
 * A reference to a module-level object (function, class, ...), pickled by
 * name. `viaGetattr` marks `getattr(Class, 'name')`, which is how Python 3.4+
 * pickles bound methods such as classmethods (qualname is then 'Class.name').
 */
export interface PyGlobal {
  kind: 'global';
  module: string;
  qualname: string;
  viaGetattr?: boolean;
}

/**
 * An instance of a class we do not emulate (REDUCE / NEWOBJ / NEWOBJ_EX /
 * INST / OBJ on an unknown callable), kept inert: nothing is ever called.
 *  * `cls`: the callable (normally a PyGlobal);
 *  * `args`: positional arguments (REDUCE/NEWOBJ), `kwargs` for NEWOBJ_EX;
 *  * `state`: last BUILD argument (undefined = never built);
 *  * `listItems` / `dictItems` / `setItems`: APPEND(S) / SETITEM(S) / ADDITEMS
 *    applied to the object (list/dict/set subclasses pickle their content so).
 */
export interface PyObject {
  kind: 'object';
  cls: PyValue;
  args: PyValue[];
  kwargs: PyDict | null;
  via: 'reduce' | 'newobj' | 'newobj_ex';
  state: PyValue | undefined;
  listItems: PyValue[];
  dictItems: [PyValue, PyValue][];
  setItems: PyValue[];
}

export type PyKind = Exclude<PyValue, null | boolean | bigint | number | string>['kind'];

// ---------------------------------------------------------------------------
// Constructors (tests and the pickler's callers build values with these).

export const None = null;

export function pyBytes(data: Uint8Array | string): PyBytes {
  return { kind: 'bytes', data: typeof data === 'string' ? latin1Bytes(data) : data };
}

export function pyByteArray(data: Uint8Array | string): PyByteArray {
  return { kind: 'bytearray', data: typeof data === 'string' ? latin1Bytes(data) : data };
}

export function pyTuple(...items: PyValue[]): PyTuple {
  return { kind: 'tuple', items };
}

export function pyList(...items: PyValue[]): PyList {
  return { kind: 'list', items };
}

/** A dict from [key, value] pairs, or from a JS record (string keys, insertion order). */
export function pyDict(entries: [PyValue, PyValue][] | Record<string, PyValue> = []): PyDict {
  if (Array.isArray(entries)) return { kind: 'dict', entries };
  const out: [PyValue, PyValue][] = [];
  for (const k of Object.keys(entries)) out.push([k, entries[k] as PyValue]);
  return { kind: 'dict', entries: out };
}

export function pyOrderedDict(entries: [PyValue, PyValue][] = []): PyDict {
  return { kind: 'dict', entries, subclass: 'OrderedDict' };
}

/** collections.Counter from [element, count] pairs or a JS record (counts as given, insertion order kept). */
export function pyCounter(entries: [PyValue, PyValue][] | Record<string, PyValue> = []): PyDict {
  return { ...pyDict(entries), subclass: 'Counter' };
}

/** complex(real, imag). */
export function pyComplex(real: number, imag = 0): PyComplex {
  return { kind: 'complex', real, imag };
}

/** range(start, stop, step); throws RangeError for step 0 (Python's ValueError). */
export function pyRange(start: number | bigint, stop: number | bigint, step: number | bigint = 1n): PyRange {
  const s = BigInt(step);
  if (s === 0n) throw new RangeError('range() arg 3 must not be zero');
  return { kind: 'range', start: BigInt(start), stop: BigInt(stop), step: s };
}

/** Python's len(range). */
export function rangeLength(r: PyRange): bigint {
  if (r.step > 0n && r.start < r.stop) return (r.stop - r.start - 1n) / r.step + 1n;
  if (r.step < 0n && r.start > r.stop) return (r.start - r.stop - 1n) / -r.step + 1n;
  return 0n;
}

/** collections.deque(items, maxlen): with a maxlen only the last maxlen items are kept, as in Python. */
export function pyDeque(items: PyValue[] = [], maxlen: number | bigint | null = null): PyDeque {
  const m = maxlen === null ? null : BigInt(maxlen);
  if (m !== null && m < 0n) throw new RangeError('maxlen must be non-negative');
  const kept = m !== null && BigInt(items.length) > m ? items.slice(items.length - Number(m)) : items;
  return { kind: 'deque', items: kept, maxlen: m };
}

export function pySet(...items: PyValue[]): PySet {
  return { kind: 'set', items };
}

export function pyFrozenSet(...items: PyValue[]): PyFrozenSet {
  return { kind: 'frozenset', items };
}

/** int from a JS number or string (always a BigInt in the model). */
export function pyInt(v: number | string | bigint): bigint {
  return BigInt(v);
}

export function pyDecimal(value: string): PyDecimal {
  return { kind: 'decimal', value };
}

/** UUID from 32 hex digits (dashes allowed) or its 128-bit integer. */
export function pyUuid(v: string | bigint): PyUUID {
  if (typeof v === 'bigint') return { kind: 'uuid', int: v };
  const hex = v.replace(/[{}-]/g, '').replace(/^urn:uuid:/i, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`badly formed hexadecimal UUID string: ${v}`);
  return { kind: 'uuid', int: BigInt(`0x${hex}`) };
}

export function pyGlobal(module: string, qualname: string, viaGetattr = false): PyGlobal {
  return viaGetattr ? { kind: 'global', module, qualname, viaGetattr: true } : { kind: 'global', module, qualname };
}

export function pyObject(cls: PyValue, args: PyValue[] = [], state?: PyValue): PyObject {
  return {
    kind: 'object',
    cls,
    args,
    kwargs: null,
    via: 'reduce',
    state,
    listItems: [],
    dictItems: [],
    setItems: [],
  };
}

const US_PER_DAY = 86_400_000_000n;

/**
 * timedelta(days, seconds, microseconds) normalised exactly like CPython's
 * constructor for integer arguments. Throws RangeError past |days| 999999999
 * (callers turn that into Python's OverflowError).
 */
export function pyTimedelta(days: number | bigint = 0, seconds: number | bigint = 0, microseconds: number | bigint = 0): PyTimeDelta {
  const total = BigInt(days) * US_PER_DAY + BigInt(seconds) * 1_000_000n + BigInt(microseconds);
  let d = total / US_PER_DAY;
  let rem = total % US_PER_DAY;
  if (rem < 0n) {
    rem += US_PER_DAY;
    d -= 1n;
  }
  if (d > 999_999_999n || d < -999_999_999n) {
    throw new RangeError(`days=${d}; must have magnitude <= 999999999`);
  }
  return {
    kind: 'timedelta',
    days: Number(d),
    seconds: Number(rem / 1_000_000n),
    microseconds: Number(rem % 1_000_000n),
  };
}

/** Total microseconds of a timedelta (exact). */
export function timedeltaMicros(td: PyTimeDelta): bigint {
  return BigInt(td.days) * US_PER_DAY + BigInt(td.seconds) * 1_000_000n + BigInt(td.microseconds);
}

/** `datetime.timezone.utc`. Shared object; the pickler treats every utc timezone as the singleton. */
export const TIMEZONE_UTC: PyTimezone = Object.freeze({
  kind: 'timezone',
  offset: Object.freeze(pyTimedelta(0)),
  name: null,
}) as PyTimezone;

/** `pytz.utc`. */
export const PYTZ_UTC: PyPytzUtc = Object.freeze({ kind: 'pytz-utc' }) as PyPytzUtc;

export function pyTimezone(offset: PyTimeDelta, name: string | null = null): PyTimezone {
  if (name === null && offset.days === 0 && offset.seconds === 0 && offset.microseconds === 0) return TIMEZONE_UTC;
  return { kind: 'timezone', offset, name };
}

export interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  microsecond?: number;
  fold?: 0 | 1;
  tzinfo?: PyTzInfo | null;
}

export function pyDateTime(f: DateTimeFields): PyDateTime {
  return {
    kind: 'datetime',
    year: f.year,
    month: f.month,
    day: f.day,
    hour: f.hour ?? 0,
    minute: f.minute ?? 0,
    second: f.second ?? 0,
    microsecond: f.microsecond ?? 0,
    fold: f.fold ?? 0,
    tzinfo: f.tzinfo ?? null,
  };
}

/**
 * The datetime of a JS Date, from its UTC fields (microseconds from the
 * milliseconds), in `tzinfo` (default `datetime.timezone.utc`). The fields
 * are taken as they are: for another tzinfo the result is that wall-clock
 * time in the other zone, not the same instant.
 */
export function pyDateTimeFromDate(date: Date, tzinfo: PyTzInfo | null = TIMEZONE_UTC): PyDateTime {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return pyDateTime({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    microsecond: date.getUTCMilliseconds() * 1000,
    tzinfo,
  });
}

export function pyDate(year: number, month: number, day: number): PyDate {
  return { kind: 'date', year, month, day };
}

export function pyTime(
  hour = 0,
  minute = 0,
  second = 0,
  microsecond = 0,
  tzinfo: PyTzInfo | null = null,
  fold: 0 | 1 = 0,
): PyTime {
  return { kind: 'time', hour, minute, second, microsecond, fold, tzinfo };
}

// ---------------------------------------------------------------------------
// Inspection helpers.

/** True for values whose model is a tagged object (not a JS primitive or null). */
export function isTagged(v: PyValue): v is Exclude<PyValue, null | boolean | bigint | number | string> {
  return v !== null && typeof v === 'object';
}

export function isTzInfo(v: PyValue): v is PyTzInfo {
  return (
    isTagged(v) && (v.kind === 'timezone' || v.kind === 'pytz-utc' || v.kind === 'pytz-zone' || v.kind === 'zoneinfo')
  );
}

/** Python's `type(v).__name__` for the value model. */
export function pyTypeName(v: PyValue): string {
  if (v === null) return 'NoneType';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'str';
    default:
      break;
  }
  switch (v.kind) {
    case 'dict':
      return v.subclass ?? 'dict';
    case 'timezone':
      return 'timezone';
    case 'pytz-utc':
      return 'UTC';
    case 'pytz-zone':
      return v.utcoffset === null ? 'StaticTzInfo' : 'DstTzInfo';
    case 'zoneinfo':
      return 'ZoneInfo';
    case 'decimal':
      return 'Decimal';
    case 'uuid':
      return 'UUID';
    case 'global':
      return 'type';
    case 'object':
      return v.cls !== null && typeof v.cls === 'object' && v.cls.kind === 'global'
        ? lastSegment(v.cls.qualname)
        : 'object';
    default:
      return v.kind;
  }
}

export function lastSegment(qualname: string): string {
  const i = qualname.lastIndexOf('.');
  return i < 0 ? qualname : qualname.slice(i + 1);
}

/** `d.get(key)` for a str key (what django-q does with the task dict). Undefined when absent. */
export function dictGet(d: PyDict, key: string): PyValue | undefined {
  for (const [k, v] of d.entries) if (k === key) return v;
  return undefined;
}

/** Python truthiness (`if func:`), for the value model. */
export function pyTruthy(v: PyValue): boolean {
  if (v === null) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'bigint':
      return v !== 0n;
    case 'number':
      return v !== 0; // NaN is truthy in Python, and NaN !== 0
    case 'string':
      return v.length > 0;
    default:
      break;
  }
  switch (v.kind) {
    case 'bytes':
    case 'bytearray':
      return v.data.length > 0;
    case 'tuple':
    case 'list':
    case 'set':
    case 'frozenset':
    case 'deque':
      return v.items.length > 0;
    case 'complex':
      return v.real !== 0 || v.imag !== 0; // NaN parts are truthy
    case 'range':
      return rangeLength(v) > 0n;
    case 'dict':
      return v.entries.length > 0;
    case 'timedelta':
      return v.days !== 0 || v.seconds !== 0 || v.microseconds !== 0;
    case 'decimal':
      return !/^-?0*\.?0*(E[+-]?\d+)?$/.test(v.value);
    default:
      return true;
  }
}

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new RangeError('latin-1 string expected');
    out[i] = c;
  }
  return out;
}
