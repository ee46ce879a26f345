// Python's repr() and str() (CPython 3.11) for the value model.
//
// The renderer is iterative (an explicit work stack), because unpickled
// values can be nested far deeper than the JS call stack. Like CPython it
// marks containers being printed (Py_ReprEnter), so a list that contains
// itself prints as [[...]].
//
// Objects whose Python repr shows a memory address print with the literal
// address "0x…" instead (Python's text otherwise unchanged), e.g.
//   <function add at 0x…>             a pickled function reference
//   <shop.models.Part object at 0x…>  an instance of a class we do not emulate
// so the text stays comparable with Python output normalised the same way.

import { pyLt } from './compare.js';
import { PyReprError } from './errors.js';
import { asException, type ExceptionView } from './exceptions.js';
import { classifyGlobal } from './globals.js';
import {
  reprDate,
  reprDateTime,
  reprTime,
  reprTimedelta,
  reprTzInfo,
  strDate,
  strDateTime,
  strTime,
  strTimedelta,
  strTzInfo,
} from './repr-datetime.js';
import { reprBytes, reprComplex, reprFloat, reprStr } from './repr-scalars.js';
import { pySorted } from './sort.js';
import { MAX_STR_DIGITS } from './text-opcodes.js';
import { isTagged, lastSegment, type PyDict, type PyGlobal, type PyObject, type PyUUID, type PyValue } from './values.js';

export interface ReprOptions {
  /** Container nesting that raises RecursionError, like CPython's recursion limit. Default 1000. */
  maxDepth?: number;
  /** Longest output (UTF-16 units) before giving up with MemoryError. Default 4 Mi. */
  maxLength?: number;
}

export const ADDRESS = '0x…';

const DEFAULT_MAX_DEPTH = 1000;
const DEFAULT_MAX_LENGTH = 4 * 1024 * 1024;
// |n| >= 10**4300 has more digits than int.__repr__ accepts in CPython 3.11.
const INT_DIGIT_LIMIT = 10n ** BigInt(MAX_STR_DIGITS);

/** repr(v). Throws PyReprError for RecursionError / ValueError / MemoryError cases. */
export function pyRepr(v: PyValue, options?: ReprOptions): string {
  return new Renderer(options).render(v);
}

/** str(v): differs from repr for str, Decimal, UUID, the datetime family, tzinfos and exceptions. */
export function pyStr(v: PyValue, options?: ReprOptions): string {
  let cur = v;
  // str(exc) with one argument is str(arg): unwrap iteratively (nesting can be deep).
  for (;;) {
    if (typeof cur === 'string') return cur;
    if (!isTagged(cur)) break;
    switch (cur.kind) {
      case 'decimal':
        return cur.value;
      case 'uuid':
        return uuidStr(cur);
      case 'datetime':
        return strDateTime(cur);
      case 'date':
        return strDate(cur);
      case 'time':
        return strTime(cur);
      case 'timedelta':
        return strTimedelta(cur);
      case 'timezone':
      case 'pytz-utc':
      case 'pytz-zone':
      case 'zoneinfo':
        return strTzInfo(cur);
      case 'object': {
        const e = asException(cur);
        if (e === null) break;
        if (e.kind === 'os') {
          const os = osErrorStr(e, options);
          if (os !== null) return os;
        }
        if (e.args.length === 0) return '';
        if (e.args.length === 1) {
          if (e.kind === 'key') return pyRepr(e.args[0] as PyValue, options);
          cur = e.args[0] as PyValue;
          continue;
        }
        return pyRepr({ kind: 'tuple', items: e.args }, options);
      }
      default:
        break;
    }
    break;
  }
  return pyRepr(cur, options);
}

function osErrorStr(e: ExceptionView, options?: ReprOptions): string | null {
  if (e.filename !== undefined) {
    const head = `[Errno ${pyStr(e.errno ?? null, options)}] ${pyStr(e.strerror ?? null, options)}: ${pyRepr(e.filename, options)}`;
    return e.filename2 !== undefined ? `${head} -> ${pyRepr(e.filename2, options)}` : head;
  }
  if (e.errno !== undefined && e.errno !== null && e.strerror !== undefined && e.strerror !== null) {
    return `[Errno ${pyStr(e.errno, options)}] ${pyStr(e.strerror, options)}`;
  }
  return null;
}

export function uuidStr(u: PyUUID): string {
  // CPython: '%032x' % self.int, then sliced 8-4-4-4-12 (no range check).
  const neg = u.int < 0n;
  const digits = (neg ? -u.int : u.int).toString(16);
  const hex = neg ? `-${digits.padStart(31, '0')}` : digits.padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function reprInt(n: bigint): string {
  if (n >= INT_DIGIT_LIMIT || n <= -INT_DIGIT_LIMIT) {
    throw new PyReprError(
      'ValueError',
      `Exceeds the limit (${MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`,
    );
  }
  return n.toString();
}

/** Python's repr of a global reference (see the module comment for the address stand-in). */
export function reprGlobal(g: PyGlobal): string {
  switch (classifyGlobal(g)) {
    case 'class':
    case 'exception-class': {
      if (g.module === 'builtins') {
        const n = g.qualname === 'IOError' || g.qualname === 'EnvironmentError' ? 'OSError' : g.qualname;
        return `<class '${n}'>`;
      }
      return `<class '${g.module}.${g.qualname}'>`;
    }
    case 'builtin-function':
      return `<built-in function ${lastSegment(g.qualname)}>`;
    case 'bound-method': {
      const parent = g.qualname.slice(0, g.qualname.lastIndexOf('.'));
      return `<bound method ${g.qualname} of ${reprGlobal({ kind: 'global', module: g.module, qualname: parent })}>`;
    }
    case 'value':
      return g.qualname;
    default:
      return `<function ${g.qualname} at ${ADDRESS}>`;
  }
}

// Work items: literal text, a value to render, "leave this container", or
// "leave a level that is not a container being printed" (Counter).
const EMIT = 0;
const VALUE = 1;
const EXIT = 2;
const EXIT_LEVEL = 3;

// Recursion-limit cost of one nesting level, as CPython 3.11 counts it
// (repr of a value nested in itself this way fails at ~1000 / weight levels):
// deque_repr recurses through a list; Counter.__repr__ is a Python frame that
// formats a fresh dict.
const DEQUE_WEIGHT = 2;
const COUNTER_WEIGHT = 3;

class Renderer {
  // One growing string: V8 concatenates into ropes cheaply, and an array of
  // millions of tiny parts would cost more than the text itself.
  private out = '';
  private readonly kinds: number[] = [];
  private readonly items: unknown[] = [];
  /** Containers being printed (Py_ReprEnter), with the recursion cost of each. */
  private readonly active = new Map<object, number>();
  private depth = 0;
  private readonly maxDepth: number;
  private readonly maxLength: number;

  constructor(options?: ReprOptions) {
    this.maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.maxLength = options?.maxLength ?? DEFAULT_MAX_LENGTH;
  }

  render(root: PyValue): string {
    this.work(VALUE, root);
    while (this.kinds.length > 0) {
      const k = this.kinds.pop() as number;
      const item = this.items.pop();
      if (k === EMIT) this.emit(item as string);
      else if (k === EXIT) {
        this.depth -= this.active.get(item as object) ?? 0;
        this.active.delete(item as object);
      } else if (k === EXIT_LEVEL) this.depth -= item as number;
      else this.value(item as PyValue);
    }
    return this.out;
  }

  private work(kind: number, item: unknown): void {
    this.kinds.push(kind);
    this.items.push(item);
  }

  private emit(s: string): void {
    if (this.out.length + s.length > this.maxLength) {
      throw new PyReprError('MemoryError', `repr longer than ${this.maxLength} characters`);
    }
    this.out += s;
  }

  /** Enter a container; false (after printing `marker`) if it is already being printed. */
  private enter(o: object, marker: string, weight = 1): boolean {
    if (this.active.has(o)) {
      this.emit(marker);
      return false;
    }
    this.deeper(weight);
    this.active.set(o, weight);
    this.work(EXIT, o);
    return true;
  }

  /** One more nesting level without a recursion guard (the caller queues its exit). */
  private deeper(weight: number): void {
    if (this.depth + weight > this.maxDepth) {
      throw new PyReprError('RecursionError', 'maximum recursion depth exceeded while getting the repr of an object');
    }
    this.depth += weight;
  }

  /** Queue `open item sep item ... close` (pushed in reverse: the work stack is LIFO). */
  private sequence(open: string, items: readonly PyValue[], close: string, sep = ', '): void {
    this.work(EMIT, close);
    for (let i = items.length - 1; i >= 0; i--) {
      this.work(VALUE, items[i]);
      if (i > 0) this.work(EMIT, sep);
    }
    this.work(EMIT, open);
  }

  private pairs(open: string, entries: readonly [PyValue, PyValue][], close: string): void {
    this.work(EMIT, close);
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i] as [PyValue, PyValue];
      this.work(VALUE, e[1]);
      this.work(EMIT, ': ');
      this.work(VALUE, e[0]);
      if (i > 0) this.work(EMIT, ', ');
    }
    this.work(EMIT, open);
  }

  private value(v: PyValue): void {
    if (v === null) {
      this.emit('None');
      return;
    }
    switch (typeof v) {
      case 'boolean':
        this.emit(v ? 'True' : 'False');
        return;
      case 'bigint':
        this.emit(reprInt(v));
        return;
      case 'number':
        this.emit(reprFloat(v));
        return;
      case 'string':
        this.emit(reprStr(v));
        return;
      default:
        break;
    }
    switch (v.kind) {
      case 'bytes':
        this.emit(reprBytes(v.data));
        return;
      case 'bytearray':
        this.emit(`bytearray(${reprBytes(v.data)})`);
        return;
      case 'tuple':
        if (!this.enter(v, '(...)')) return;
        if (v.items.length === 1) {
          this.sequence('(', v.items, ',)');
          return;
        }
        this.sequence('(', v.items, ')');
        return;
      case 'list':
        if (!this.enter(v, '[...]')) return;
        this.sequence('[', v.items, ']');
        return;
      case 'set':
      case 'frozenset': {
        const empty = v.items.length === 0;
        if (empty) {
          this.emit(v.kind === 'set' ? 'set()' : 'frozenset()');
          return;
        }
        if (!this.enter(v, `${v.kind}(...)`)) return;
        if (v.kind === 'set') this.sequence('{', v.items, '}');
        else this.sequence('frozenset({', v.items, '})');
        return;
      }
      case 'dict':
        this.dict(v);
        return;
      case 'complex':
        this.emit(reprComplex(v.real, v.imag));
        return;
      case 'range':
        // range_repr: the step is left out when it is 1.
        this.emit(
          v.step === 1n
            ? `range(${reprInt(v.start)}, ${reprInt(v.stop)})`
            : `range(${reprInt(v.start)}, ${reprInt(v.stop)}, ${reprInt(v.step)})`,
        );
        return;
      case 'deque':
        // deque_repr: guarded by Py_ReprEnter ("[...]"), prints list(self).
        if (!this.enter(v, '[...]', DEQUE_WEIGHT)) return;
        this.work(EMIT, v.maxlen === null ? ')' : `, maxlen=${v.maxlen})`);
        this.sequence('[', v.items, ']');
        this.emit('deque(');
        return;
      case 'datetime':
        this.emit(reprDateTime(v));
        return;
      case 'date':
        this.emit(reprDate(v));
        return;
      case 'time':
        this.emit(reprTime(v));
        return;
      case 'timedelta':
        this.emit(reprTimedelta(v));
        return;
      case 'timezone':
      case 'pytz-utc':
      case 'pytz-zone':
      case 'zoneinfo':
        this.emit(reprTzInfo(v));
        return;
      case 'decimal':
        this.emit(`Decimal('${v.value}')`);
        return;
      case 'uuid':
        this.emit(`UUID('${uuidStr(v)}')`);
        return;
      case 'global':
        this.emit(reprGlobal(v));
        return;
      case 'object':
        this.object(v);
        return;
    }
  }

  private dict(v: PyDict): void {
    if (v.subclass === 'Counter') {
      this.counter(v);
      return;
    }
    if (v.subclass === 'OrderedDict') {
      // CPython 3.11: OrderedDict([(k, v), ...]); "..." when recursive.
      if (v.entries.length === 0) {
        this.emit('OrderedDict()');
        return;
      }
      if (!this.enter(v, '...')) return;
      this.work(EMIT, '])');
      for (let i = v.entries.length - 1; i >= 0; i--) {
        const e = v.entries[i] as [PyValue, PyValue];
        this.work(EMIT, ')');
        this.work(VALUE, e[1]);
        this.work(EMIT, ', ');
        this.work(VALUE, e[0]);
        this.work(EMIT, i > 0 ? ', (' : '(');
      }
      this.emit('OrderedDict([');
      return;
    }
    if (v.subclass === 'defaultdict') {
      if (!this.enter(v, `defaultdict(${this.factoryText(v.defaultFactory ?? null)}, {...})`)) return;
      this.work(EMIT, ')');
      this.pairs('{', v.entries, '}');
      this.work(EMIT, ', ');
      this.work(VALUE, v.defaultFactory ?? null);
      this.emit('defaultdict(');
      return;
    }
    if (!this.enter(v, '{...}')) return;
    this.pairs('{', v.entries, '}');
  }

  /**
   * Counter.__repr__: `Counter()` when empty, else `Counter(%r)` of
   * dict(self.most_common()), i.e. sorted by count, descending, ties in
   * insertion order (CPython's own sort, see sort.ts, so NaN counts land
   * where Python puts them), or in insertion order when the counts cannot
   * be ordered (TypeError). It has no recursion guard of its own: a
   * Counter containing itself recurses until RecursionError, as in Python.
   */
  private counter(v: PyDict): void {
    if (v.entries.length === 0) {
      this.emit('Counter()');
      return;
    }
    let entries = v.entries;
    try {
      entries = pySorted(v.entries, (a, b) => pyLt(a[1], b[1]), true);
    } catch (e) {
      if (!(e instanceof PyReprError && e.pythonName === 'TypeError')) throw e;
    }
    this.deeper(COUNTER_WEIGHT);
    this.work(EXIT_LEVEL, COUNTER_WEIGHT);
    this.work(EMIT, ')');
    this.pairs('{', entries, '}');
    this.emit('Counter(');
  }

  private factoryText(f: PyValue): string {
    return isTagged(f) && f.kind === 'global' ? reprGlobal(f) : f === null ? 'None' : '...';
  }

  private object(o: PyObject): void {
    const e = asException(o);
    if (e !== null) {
      if (e.args.length === 1) {
        this.work(EMIT, ')');
        this.work(VALUE, e.args[0]);
        this.emit(`${e.name}(`);
        return;
      }
      this.work(VALUE, { kind: 'tuple', items: e.args });
      this.emit(e.name);
      return;
    }
    const cls = o.cls;
    if (isTagged(cls) && cls.kind === 'global') {
      // getattr(instance, 'name') pickled from a bound method of an instance.
      if (cls.module === 'builtins' && cls.qualname === 'getattr' && o.args.length >= 2) {
        const target = o.args[0] as PyValue;
        const name = typeof o.args[1] === 'string' ? o.args[1] : '?';
        const owner = isTagged(target) && target.kind === 'object' && isTagged(target.cls) && target.cls.kind === 'global'
          ? target.cls.qualname
          : typeof target === 'object' && target !== null ? target.kind : typeof target;
        this.work(EMIT, '>');
        this.work(VALUE, target);
        this.emit(`<bound method ${owner}.${name} of `);
        return;
      }
      // A list / dict subclass without its own __repr__ prints like a list / dict.
      if (o.dictItems.length > 0) {
        if (!this.enter(o, '{...}')) return;
        this.pairs('{', o.dictItems, '}');
        return;
      }
      if (o.listItems.length > 0) {
        if (!this.enter(o, '[...]')) return;
        this.sequence('[', o.listItems, ']');
        return;
      }
      const name = cls.module === 'builtins' ? cls.qualname : `${cls.module}.${cls.qualname}`;
      this.emit(`<${name} object at ${ADDRESS}>`);
      return;
    }
    this.emit(`<object at ${ADDRESS}>`);
    return;
  }
}
