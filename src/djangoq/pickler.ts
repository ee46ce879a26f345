// Protocol 4/5 pickler for the value model, byte-compatible with CPython's
// `pickle.dumps(obj, protocol=5)` for the shapes django-q writes:
// FRAME (64 KiB target, large str/bytes written outside frames), MEMOIZE
// after every memoisable object, BINGET for repeated objects, batches of
// 1000 for APPENDS / SETITEMS / ADDITEMS, and each type reduced the way its
// CPython __reduce_ex__ does (datetime state bytes, UUID via NEWOBJ + BUILD,
// classmethods via getattr, ...). The task pickle of docs/formats.md §4.2 comes out identical.
//
// Python memoises by object identity. JS identity is used for containers
// and objects; for strings we copy CPython's sharing that matters in real
// pickles: module names of globals (interned), one-character latin-1 str,
// empty str/bytes and one-byte bytes (singletons), the utc timezones and
// cached pytz/zoneinfo zones. Other equal strings are written again, as
// CPython does for distinct string objects.
//
// The pickler is iterative (explicit task stack); a cycle that Python could
// not pickle either (through immutables only) raises PicklingError.

import { PicklingError } from './errors.js';
import { HIGHEST_PROTOCOL, Op } from './opcodes.js';
import { encodeUtf8SurrogatePass } from './utf8.js';
import {
  isTagged,
  type PyDict,
  type PyGlobal,
  type PyObject,
  type PyTzInfo,
  type PyValue,
  pyTypeName,
} from './values.js';

export interface PickleOptions {
  /** 4 or 5 (default 5, pickle.HIGHEST_PROTOCOL of Python >= 3.8). */
  protocol?: 4 | 5;
  /**
   * Container nesting that raises PicklingError('RecursionError'), like
   * CPython's recursion limit (which stops its pickler near 1000). Default 1000.
   */
  maxDepth?: number;
}

const FRAME_SIZE_TARGET = 64 * 1024;
const FRAME_SIZE_MIN = 4;
const BATCHSIZE = 1000;

/** pickle.dumps(value, protocol). */
export function pickle(value: PyValue, options: PickleOptions = {}): Uint8Array {
  const protocol = options.protocol ?? HIGHEST_PROTOCOL;
  if (protocol !== 4 && protocol !== 5) throw new PicklingError(`unsupported protocol ${protocol}`);
  return new Pickler(protocol, options.maxDepth ?? 1000).dump(value);
}

/** Growable byte buffer. */
class Bytes {
  buf = new Uint8Array(256);
  len = 0;

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  u32(n: number): void {
    this.ensure(4);
    const b = this.buf;
    b[this.len++] = n & 0xff;
    b[this.len++] = (n >>> 8) & 0xff;
    b[this.len++] = (n >>> 16) & 0xff;
    b[this.len++] = (n >>> 24) & 0xff;
  }

  u64(n: number): void {
    this.u32(n >>> 0);
    this.u32(Math.floor(n / 0x1_0000_0000));
  }

  take(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** pickle.py's _Framer: frames committed at opcode boundaries once >= 64 KiB. */
class Framer {
  private readonly out = new Bytes();
  private frame: Bytes | null = null;

  /** Bytes written outside any frame (PROTO). */
  direct(): Bytes {
    return this.out;
  }

  start(): void {
    this.frame = new Bytes();
  }

  current(): Bytes {
    return this.frame ?? this.out;
  }

  commit(force = false): void {
    const f = this.frame;
    if (f === null) return;
    if (f.len >= FRAME_SIZE_TARGET || force) {
      if (f.len >= FRAME_SIZE_MIN) {
        this.out.byte(Op.FRAME);
        this.out.u64(f.len);
      }
      this.out.bytes(f.take());
      this.frame = new Bytes();
    }
  }

  /** Large str/bytes: end the frame, then write header and payload unframed. */
  large(header: Uint8Array, payload: Uint8Array): void {
    if (this.frame !== null) this.commit(true);
    this.out.bytes(header);
    this.out.bytes(payload);
  }

  end(): Uint8Array {
    if (this.frame !== null && this.frame.len > 0) this.commit(true);
    this.frame = null;
    return this.out.take().slice();
  }
}

type Task = () => void;

class Pickler {
  private readonly framer = new Framer();
  private readonly memoByObject = new Map<object, number>();
  private readonly memoByValue = new Map<string, number>();
  private memoSize = 0;
  private readonly tasks: Task[] = [];
  /** Memo size at each active (unfinished) save of an object, innermost last. */
  private readonly active = new Map<object, number[]>();

  private depth = 0;

  constructor(
    private readonly protocol: 4 | 5,
    private readonly maxDepth: number,
  ) {}

  /** Count one more open container; the returned task (scheduled under its children) closes it. */
  private nest(): void {
    if (++this.depth > this.maxDepth) {
      throw new PicklingError('maximum recursion depth exceeded while pickling an object', 'RecursionError');
    }
    this.tasks.push(() => {
      this.depth--;
    });
  }

  dump(value: PyValue): Uint8Array {
    const d = this.framer.direct();
    d.byte(Op.PROTO);
    d.byte(this.protocol);
    this.framer.start();
    this.tasks.push(() => this.saveNow(value));
    this.run();
    this.write(Op.STOP);
    return this.framer.end();
  }

  private run(): void {
    const tasks = this.tasks;
    while (tasks.length > 0) (tasks.pop() as Task)();
  }

  /** Schedule tasks to run in the given order (the stack is LIFO). */
  private schedule(...steps: Task[]): void {
    for (let i = steps.length - 1; i >= 0; i--) this.tasks.push(steps[i] as Task);
  }

  private write(op: number): void {
    this.framer.current().byte(op);
  }

  private w(): Bytes {
    return this.framer.current();
  }

  // -- memo -------------------------------------------------------------------

  private memoKey(v: PyValue): { obj?: object; key?: string } {
    if (typeof v === 'string') {
      if (v.length === 0 || (v.length === 1 && v.charCodeAt(0) < 256)) return { key: `s${v}` };
      return {};
    }
    if (!isTagged(v)) return {};
    switch (v.kind) {
      case 'bytes':
        return v.data.length <= 1 ? { key: `b${v.data.length === 0 ? '' : v.data[0]}` } : { obj: v };
      case 'global':
        return v.viaGetattr ? { obj: v } : { key: `g${v.module}\u0000${v.qualname}` };
      case 'timezone':
      case 'pytz-utc':
      case 'pytz-zone':
      case 'zoneinfo': {
        const k = sharedTzKey(v);
        return k === null ? { obj: v } : { key: k };
      }
      default:
        return { obj: v };
    }
  }

  private memoGet(v: PyValue): number | undefined {
    const m = this.memoKey(v);
    if (m.obj !== undefined) return this.memoByObject.get(m.obj);
    if (m.key !== undefined) return this.memoByValue.get(m.key);
    return undefined;
  }

  private memoize(v: PyValue): void {
    const m = this.memoKey(v);
    if (m.obj !== undefined) this.memoByObject.set(m.obj, this.memoSize);
    else if (m.key !== undefined) this.memoByValue.set(m.key, this.memoSize);
    this.memoSize++;
    this.write(Op.MEMOIZE);
  }

  private writeGet(idx: number): void {
    const w = this.w();
    if (idx < 256) {
      w.byte(Op.BINGET);
      w.byte(idx);
    } else {
      w.byte(Op.LONG_BINGET);
      w.u32(idx);
    }
  }

  // -- save -------------------------------------------------------------------

  private saveNow(v: PyValue): void {
    this.framer.commit();
    const hit = this.memoGet(v);
    if (hit !== undefined) {
      this.writeGet(hit);
      return;
    }
    if (v === null) {
      this.write(Op.NONE);
      return;
    }
    switch (typeof v) {
      case 'boolean':
        this.write(v ? Op.NEWTRUE : Op.NEWFALSE);
        return;
      case 'bigint':
        this.saveInt(v);
        return;
      case 'number':
        this.saveFloat(v);
        return;
      case 'string':
        this.saveStr(v);
        return;
      default:
        break;
    }
    switch (v.kind) {
      case 'tuple':
      case 'list':
      case 'dict':
      case 'set':
      case 'frozenset':
      case 'deque':
      case 'object':
        this.nest();
        break;
      default:
        break;
    }
    switch (v.kind) {
      case 'bytes':
        this.saveBytes(v.data, v);
        return;
      case 'bytearray':
        this.saveByteArray(v);
        return;
      case 'tuple':
        this.saveTuple(v);
        return;
      case 'list':
        this.write(Op.EMPTY_LIST);
        this.memoize(v);
        this.batchExactList(v.items);
        return;
      case 'dict':
        this.saveDict(v);
        return;
      case 'set':
        this.write(Op.EMPTY_SET);
        this.memoize(v);
        if (v.items.length > 0) this.batchExact(v.items.length, (i) => [v.items[i] as PyValue], Op.ADDITEMS);
        return;
      case 'frozenset':
        this.saveFrozenSet(v);
        return;
      case 'complex':
        // complex.__reduce__: (complex, (real, imag)).
        this.reduce(v, COMPLEX, [v.real, v.imag]);
        return;
      case 'range':
        // range.__reduce__: (range, (start, stop, step)), step always written.
        this.reduce(v, RANGE, [v.start, v.stop, v.step]);
        return;
      case 'deque':
        // deque.__reduce__: (deque, () or ((), maxlen), None, iter(self)).
        this.reduce(v, DEQUE, v.maxlen === null ? [] : [{ kind: 'tuple', items: [] }, v.maxlen], { listItems: v.items });
        return;
      case 'global':
        this.saveGlobal(v);
        return;
      case 'datetime': {
        const b = new Uint8Array([
          v.year >> 8,
          v.year & 0xff,
          v.month | (v.fold ? 0x80 : 0),
          v.day,
          v.hour,
          v.minute,
          v.second,
          (v.microsecond >> 16) & 0xff,
          (v.microsecond >> 8) & 0xff,
          v.microsecond & 0xff,
        ]);
        this.reduce(v, DATETIME, stateArgs(b, v.tzinfo));
        return;
      }
      case 'date':
        this.reduce(v, DATE, [{ kind: 'bytes', data: new Uint8Array([v.year >> 8, v.year & 0xff, v.month, v.day]) }]);
        return;
      case 'time': {
        const b = new Uint8Array([
          v.hour | (v.fold ? 0x80 : 0),
          v.minute,
          v.second,
          (v.microsecond >> 16) & 0xff,
          (v.microsecond >> 8) & 0xff,
          v.microsecond & 0xff,
        ]);
        this.reduce(v, TIME, stateArgs(b, v.tzinfo));
        return;
      }
      case 'timedelta':
        this.reduce(v, TIMEDELTA, [BigInt(v.days), BigInt(v.seconds), BigInt(v.microseconds)]);
        return;
      case 'timezone':
        this.reduce(v, TIMEZONE, v.name === null ? [v.offset] : [v.offset, v.name]);
        return;
      case 'pytz-utc':
        this.reduce(v, PYTZ_UTC_FN, []);
        return;
      case 'pytz-zone':
        this.reduce(v, PYTZ_P, v.utcoffset === null ? [v.zone] : [v.zone, BigInt(v.utcoffset), BigInt(v.dst ?? 0), v.tzname]);
        return;
      case 'zoneinfo':
        this.reduce(v, ZONEINFO_UNPICKLE, [v.key, 1n]);
        return;
      case 'decimal':
        this.reduce(v, DECIMAL, [v.value]);
        return;
      case 'uuid':
        this.saveUuid(v);
        return;
      case 'object':
        this.saveObject(v);
        return;
    }
  }

  private saveInt(n: bigint): void {
    const w = this.w();
    if (n >= 0n && n <= 0xffn) {
      w.byte(Op.BININT1);
      w.byte(Number(n));
    } else if (n >= 0n && n <= 0xffffn) {
      w.byte(Op.BININT2);
      w.byte(Number(n) & 0xff);
      w.byte(Number(n) >> 8);
    } else if (n >= -0x80000000n && n <= 0x7fffffffn) {
      w.byte(Op.BININT);
      w.u32(Number(BigInt.asUintN(32, n)));
    } else {
      const enc = encodeLong(n);
      if (enc.length < 256) {
        w.byte(Op.LONG1);
        w.byte(enc.length);
      } else {
        w.byte(Op.LONG4);
        w.u32(enc.length);
      }
      w.bytes(enc);
    }
  }

  private saveFloat(x: number): void {
    const b = new Uint8Array(9);
    b[0] = Op.BINFLOAT;
    new DataView(b.buffer).setFloat64(1, x, false);
    this.w().bytes(b);
  }

  private saveStr(s: string): void {
    const enc = encodeUtf8SurrogatePass(s);
    const n = enc.length;
    if (n <= 0xff) {
      const w = this.w();
      w.byte(Op.SHORT_BINUNICODE);
      w.byte(n);
      w.bytes(enc);
    } else if (n > 0xffffffff) {
      this.framer.large(header8(Op.BINUNICODE8, n), enc);
    } else if (n >= FRAME_SIZE_TARGET) {
      this.framer.large(header4(Op.BINUNICODE, n), enc);
    } else {
      const w = this.w();
      w.byte(Op.BINUNICODE);
      w.u32(n);
      w.bytes(enc);
    }
    this.memoize(s);
  }

  private saveBytes(data: Uint8Array, v: PyValue): void {
    const n = data.length;
    if (n <= 0xff) {
      const w = this.w();
      w.byte(Op.SHORT_BINBYTES);
      w.byte(n);
      w.bytes(data);
    } else if (n > 0xffffffff) {
      this.framer.large(header8(Op.BINBYTES8, n), data);
    } else if (n >= FRAME_SIZE_TARGET) {
      this.framer.large(header4(Op.BINBYTES, n), data);
    } else {
      const w = this.w();
      w.byte(Op.BINBYTES);
      w.u32(n);
      w.bytes(data);
    }
    this.memoize(v);
  }

  private saveByteArray(v: Extract<PyValue, { kind: 'bytearray' }>): void {
    if (this.protocol < 5) {
      // bytearray.__reduce_ex__(4): (bytearray, (bytes(self),)) or (bytearray, ()) when empty.
      this.reduce(v, BYTEARRAY, v.data.length === 0 ? [] : [{ kind: 'bytes', data: v.data }]);
      return;
    }
    const n = v.data.length;
    if (n >= FRAME_SIZE_TARGET) this.framer.large(header8(Op.BYTEARRAY8, n), v.data);
    else {
      this.w().bytes(header8(Op.BYTEARRAY8, n));
      this.w().bytes(v.data);
    }
    this.memoize(v);
  }

  /** save_tuple, including the "recursive tuple" memo check after the elements. */
  private saveTuple(t: Extract<PyValue, { kind: 'tuple' }>): void {
    const n = t.items.length;
    if (n === 0) {
      this.write(Op.EMPTY_TUPLE);
      return;
    }
    this.enter(t);
    const steps: Task[] = [];
    if (n > 3) steps.push(() => this.write(Op.MARK));
    for (const it of t.items) steps.push(() => this.saveNow(it));
    steps.push(() => {
      this.leave(t);
      const hit = this.memoByObject.get(t);
      if (hit !== undefined) {
        if (n > 3) this.write(Op.POP_MARK);
        else for (let i = 0; i < n; i++) this.write(Op.POP);
        this.writeGet(hit);
        return;
      }
      this.write(n === 1 ? Op.TUPLE1 : n === 2 ? Op.TUPLE2 : n === 3 ? Op.TUPLE3 : Op.TUPLE);
      this.memoize(t);
    });
    this.schedule(...steps);
  }

  private saveFrozenSet(s: Extract<PyValue, { kind: 'frozenset' }>): void {
    this.enter(s);
    const steps: Task[] = [() => this.write(Op.MARK)];
    for (const it of s.items) steps.push(() => this.saveNow(it));
    steps.push(() => {
      this.leave(s);
      const hit = this.memoByObject.get(s);
      if (hit !== undefined) {
        this.write(Op.POP_MARK);
        this.writeGet(hit);
        return;
      }
      this.write(Op.FROZENSET);
      this.memoize(s);
    });
    this.schedule(...steps);
  }

  private saveDict(d: PyDict): void {
    if (d.subclass === 'OrderedDict') {
      this.reduce(d, ORDERED_DICT, [], { dictItems: d.entries });
      return;
    }
    if (d.subclass === 'Counter') {
      // Counter.__reduce__: (Counter, (dict(self),)), a fresh dict every time.
      this.reduce(d, COUNTER, [{ kind: 'dict', entries: d.entries }]);
      return;
    }
    if (d.subclass === 'defaultdict') {
      // defdict_reduce: args () when the factory is None.
      const f = d.defaultFactory ?? null;
      this.reduce(d, DEFAULT_DICT, f === null ? [] : [f], { dictItems: d.entries });
      return;
    }
    this.write(Op.EMPTY_DICT);
    this.memoize(d);
    const n = d.entries.length;
    if (n === 1) {
      const [k, x] = d.entries[0] as [PyValue, PyValue];
      this.schedule(
        () => this.saveNow(k),
        () => this.saveNow(x),
        () => this.write(Op.SETITEM),
      );
    } else if (n > 1) {
      this.batchExact(n, (i) => d.entries[i] as [PyValue, PyValue], Op.SETITEMS);
    }
  }

  /**
   * _pickle.c batch_list_exact: one item -> APPEND; otherwise MARK ... APPENDS
   * per 1000 items, even for a last batch of one (pickle.py would APPEND it).
   */
  private batchExactList(items: PyValue[]): void {
    if (items.length === 1) {
      const x = items[0] as PyValue;
      this.schedule(
        () => this.saveNow(x),
        () => this.write(Op.APPEND),
      );
      return;
    }
    const steps: Task[] = [];
    for (let start = 0; start < items.length; start += BATCHSIZE) {
      steps.push(() => this.write(Op.MARK));
      for (let i = start; i < Math.min(items.length, start + BATCHSIZE); i++) {
        const x = items[i] as PyValue;
        steps.push(() => this.saveNow(x));
      }
      steps.push(() => this.write(Op.APPENDS));
    }
    this.schedule(...steps);
  }

  /**
   * _pickle.c batch_dict_exact / save_set: do { MARK up-to-1000 items OP }
   * while the batch was full, so an exact multiple of 1000 ends with an
   * empty MARK OP batch.
   */
  private batchExact(count: number, itemsAt: (i: number) => PyValue[], op: number): void {
    const steps: Task[] = [];
    let start = 0;
    for (;;) {
      const n = Math.min(BATCHSIZE, count - start);
      steps.push(() => this.write(Op.MARK));
      for (let i = start; i < start + n; i++) for (const x of itemsAt(i)) steps.push(() => this.saveNow(x));
      steps.push(() => this.write(op));
      start += n;
      if (n < BATCHSIZE) break;
    }
    this.schedule(...steps);
  }

  /** pickle.py _batch_appends / _batch_setitems (C batch_list / batch_dict for reduce items): a lone last item uses APPEND / SETITEM. */
  private batch(count: number, itemsAt: (i: number) => PyValue[], single: number, multi: number): void {
    const steps: Task[] = [];
    for (let start = 0; start < count; start += BATCHSIZE) {
      const n = Math.min(BATCHSIZE, count - start);
      if (n > 1) steps.push(() => this.write(Op.MARK));
      for (let i = start; i < start + n; i++) for (const x of itemsAt(i)) steps.push(() => this.saveNow(x));
      steps.push(() => this.write(n > 1 ? multi : single));
    }
    this.schedule(...steps);
  }

  private batchPairs(entries: [PyValue, PyValue][]): void {
    this.batch(entries.length, (i) => entries[i] as [PyValue, PyValue], Op.SETITEM, Op.SETITEMS);
  }

  private saveGlobal(g: PyGlobal): void {
    if (g.viaGetattr) {
      // A bound method (classmethod): method.__reduce__ = (getattr, (owner, name)).
      const dot = g.qualname.lastIndexOf('.');
      if (dot < 0) throw new PicklingError(`getattr reference without an owner: ${g.module}.${g.qualname}`);
      const owner: PyGlobal = { kind: 'global', module: g.module, qualname: g.qualname.slice(0, dot) };
      this.reduce(g, GETATTR, [owner, g.qualname.slice(dot + 1)]);
      return;
    }
    this.schedule(
      // Module names are interned in CPython: every global of a module reuses one memo slot.
      () => this.saveSharedStr(g.module, `m${g.module}`),
      () => this.saveNow(g.qualname),
      () => {
        this.write(Op.STACK_GLOBAL);
        this.memoize(g);
      },
    );
  }

  /** save() of a str that CPython shares by identity in this role (memo slot keyed by `key`). */
  private saveSharedStr(s: string, key: string): void {
    this.framer.commit();
    const hit = this.memoByValue.get(key);
    if (hit !== undefined) {
      this.writeGet(hit);
      return;
    }
    const enc = encodeUtf8SurrogatePass(s);
    const w = this.w();
    if (enc.length <= 0xff) {
      w.byte(Op.SHORT_BINUNICODE);
      w.byte(enc.length);
    } else {
      w.byte(Op.BINUNICODE);
      w.u32(enc.length);
    }
    w.bytes(enc);
    this.memoByValue.set(key, this.memoSize);
    this.memoSize++;
    this.write(Op.MEMOIZE);
  }

  /** copyreg.__reduce_ex__ for UUID: NEWOBJ(UUID, ()) then BUILD {'int': n}. */
  private saveUuid(v: Extract<PyValue, { kind: 'uuid' }>): void {
    const state: PyDict = { kind: 'dict', entries: [] };
    this.schedule(
      () => this.saveNow(UUID_CLASS),
      () => this.saveNow({ kind: 'tuple', items: [] }),
      () => {
        this.write(Op.NEWOBJ);
        this.memoizeOrFetch(v);
      },
      () => {
        this.framer.commit();
        this.write(Op.EMPTY_DICT);
        this.memoize(state);
      },
      // The 'int' key is one interned literal in uuid.py, shared by every UUID.
      () => this.saveSharedStr('int', 'uuid-int'),
      () => this.saveNow(v.int),
      () => {
        this.write(Op.SETITEM);
        this.write(Op.BUILD);
      },
    );
  }

  private saveObject(o: PyObject): void {
    const args: PyValue = { kind: 'tuple', items: o.args };
    const op = o.via === 'reduce' ? Op.REDUCE : o.via === 'newobj' ? Op.NEWOBJ : Op.NEWOBJ_EX;
    this.enter(o);
    const steps: Task[] = [() => this.saveNow(o.cls), () => this.saveNow(args)];
    if (o.via === 'newobj_ex') steps.push(() => this.saveNow(o.kwargs ?? { kind: 'dict', entries: [] }));
    steps.push(() => {
      this.leave(o);
      this.write(op);
      this.memoizeOrFetch(o);
    });
    this.schedule(...steps, ...this.tail(o.listItems, o.dictItems, o.setItems, o.state));
  }

  /**
   * save_reduce(func, args, obj=v) for a value whose type reduces to a call
   * of `func` (a global), then the optional list items (deque) or dict items
   * (OrderedDict, defaultdict).
   */
  private reduce(
    v: PyValue,
    func: PyGlobal,
    args: PyValue[],
    extra: { listItems?: PyValue[]; dictItems?: [PyValue, PyValue][] } = {},
  ): void {
    const obj = v as object;
    this.enter(obj);
    this.schedule(
      () => this.saveNow(func),
      () => this.saveNow({ kind: 'tuple', items: args }),
      () => {
        this.leave(obj);
        this.write(Op.REDUCE);
        this.memoizeOrFetch(v);
      },
      ...this.tail(extra.listItems ?? [], extra.dictItems ?? [], [], undefined),
    );
  }

  /** After REDUCE/NEWOBJ: a recursive reference already memoised the object -> POP + GET. */
  private memoizeOrFetch(v: PyValue): void {
    const hit = this.memoGet(v);
    if (hit !== undefined) {
      this.write(Op.POP);
      this.writeGet(hit);
      return;
    }
    this.memoize(v);
  }

  /** Steps for save_reduce's listitems, dictitems and state (plus ADDITEMS recorded on opaque objects). */
  private tail(listItems: PyValue[], dictItems: [PyValue, PyValue][], setItems: PyValue[], state: PyValue | undefined): Task[] {
    const steps: Task[] = [];
    if (listItems.length > 0) {
      steps.push(() => this.batch(listItems.length, (i) => [listItems[i] as PyValue], Op.APPEND, Op.APPENDS));
    }
    if (dictItems.length > 0) steps.push(() => this.batchPairs(dictItems));
    if (setItems.length > 0) steps.push(() => this.batchExact(setItems.length, (i) => [setItems[i] as PyValue], Op.ADDITEMS));
    if (state !== undefined) {
      steps.push(() => this.saveNow(state));
      steps.push(() => this.write(Op.BUILD));
    }
    return steps;
  }

  /** Track nested saves of one object; a re-entry with nothing memoised since is an endless cycle. */
  private enter(o: object): void {
    let list = this.active.get(o);
    if (list === undefined) {
      list = [];
      this.active.set(o, list);
    } else if (list[list.length - 1] === this.memoSize) {
      throw new PicklingError(
        `cannot pickle a recursive ${pyTypeName(o as PyValue)} that contains itself through immutables only`,
      );
    }
    list.push(this.memoSize);
  }

  private leave(o: object): void {
    const list = this.active.get(o);
    if (list === undefined) return;
    list.pop();
    if (list.length === 0) this.active.delete(o);
  }
}

// -- helpers ---------------------------------------------------------------------

function header4(op: number, n: number): Uint8Array {
  return new Uint8Array([op, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);
}

function header8(op: number, n: number): Uint8Array {
  const h = new Uint8Array(9);
  h[0] = op;
  const view = new DataView(h.buffer);
  view.setUint32(1, n >>> 0, true);
  view.setUint32(5, Math.floor(n / 0x1_0000_0000), true);
  return h;
}

function stateArgs(b: Uint8Array, tz: PyTzInfo | null): PyValue[] {
  const state: PyValue = { kind: 'bytes', data: b };
  return tz === null ? [state] : [state, tz];
}

/** pickle.encode_long: minimal little-endian two's complement. */
export function encodeLong(x: bigint): Uint8Array {
  if (x === 0n) return new Uint8Array(0);
  const bitLength = (x < 0n ? -x : x).toString(2).length;
  const nbytes = (bitLength >> 3) + 1;
  const hex = BigInt.asUintN(nbytes * 8, x).toString(16).padStart(nbytes * 2, '0');
  const out = Uint8Array.from(Buffer.from(hex, 'hex').reverse());
  // A negative number may carry one redundant 0xff sign byte.
  if (x < 0n && nbytes > 1 && out[nbytes - 1] === 0xff && ((out[nbytes - 2] as number) & 0x80) !== 0) {
    return out.subarray(0, nbytes - 1);
  }
  return out;
}

/** Memo key for tzinfos CPython shares between datetimes (singletons and caches), else null. */
function sharedTzKey(tz: PyTzInfo): string | null {
  switch (tz.kind) {
    case 'timezone': {
      const o = tz.offset;
      return tz.name === null && o.days === 0 && o.seconds === 0 && o.microseconds === 0 ? 'tz:utc' : null;
    }
    case 'pytz-utc':
      return 'tz:pytz-utc';
    case 'pytz-zone':
      return `tz:pytz:${tz.zone}:${tz.utcoffset}:${tz.dst}:${tz.tzname}`;
    case 'zoneinfo':
      return `tz:zi:${tz.key}`;
  }
}

const pyGlobal = (module: string, qualname: string): PyGlobal => ({ kind: 'global', module, qualname });
const DATETIME = pyGlobal('datetime', 'datetime');
const DATE = pyGlobal('datetime', 'date');
const TIME = pyGlobal('datetime', 'time');
const TIMEDELTA = pyGlobal('datetime', 'timedelta');
const TIMEZONE = pyGlobal('datetime', 'timezone');
const PYTZ_UTC_FN = pyGlobal('pytz', '_UTC');
const PYTZ_P = pyGlobal('pytz', '_p');
const ZONEINFO_UNPICKLE: PyGlobal = { kind: 'global', module: 'zoneinfo', qualname: 'ZoneInfo._unpickle', viaGetattr: true };
const DECIMAL = pyGlobal('decimal', 'Decimal');
const UUID_CLASS = pyGlobal('uuid', 'UUID');
const GETATTR = pyGlobal('builtins', 'getattr');
const ORDERED_DICT = pyGlobal('collections', 'OrderedDict');
const DEFAULT_DICT = pyGlobal('collections', 'defaultdict');
const COUNTER = pyGlobal('collections', 'Counter');
const DEQUE = pyGlobal('collections', 'deque');
const COMPLEX = pyGlobal('builtins', 'complex');
const RANGE = pyGlobal('builtins', 'range');
const BYTEARRAY = pyGlobal('builtins', 'bytearray');
