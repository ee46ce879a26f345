// A safe unpickler: protocols 0-5, an iterative stack machine that never
// executes anything. It mirrors CPython's C unpickler (_pickle.c) closely:
// same stack/mark discipline, same memo semantics, same error classes, so a
// payload Python cannot read fails here with the same exception name.
//
// Hostile input is bounded by hard limits (input size, memo entries, stack
// depth, stored elements, big-int size): exceeding one throws
// PickleLimitError. Work per opcode is O(1) or proportional to data the
// input really carries, or charged against the element budget.

import { PickleLimitError, PickleUnsupportedError, PythonError, UnpicklingError } from './errors.js';
import { resolveGlobal } from './globals.js';
import { HIGHEST_PROTOCOL, Op } from './opcodes.js';
import { Reconstructor } from './reconstruct.js';
import {
  decodeRawUnicodeEscape,
  parseFloatOpcode,
  parseIntOpcode,
  parseLongOpcode,
  parseMemoIndex,
  parseStringOpcode,
} from './text-opcodes.js';
import { asciiToString, decodeUtf8SurrogatePass } from './utf8.js';
import { isTagged, type PyDict, type PyValue, pyTypeName } from './values.js';

export interface UnpickleOptions {
  /** Largest accepted input, bytes. Default 16 MiB. */
  maxInputBytes?: number;
  /** Most memo entries. Default 1,000,000. */
  maxMemo?: number;
  /** Most stack items plus marks. Default 1,000,000. */
  maxStack?: number;
  /** Most elements stored into containers, copies included. Default 2,000,000. */
  maxNodes?: number;
  /** Largest LONG1/LONG4 payload, bytes. Default 65536 (~158,000 decimal digits). */
  maxLongBytes?: number;
  /**
   * How Python 2 `str` (STRING / BINSTRING / SHORT_BINSTRING) is decoded,
   * like `pickle.loads(encoding=...)`. Default 'ASCII' (CPython's default);
   * 'bytes' keeps them as bytes.
   */
  encoding?: 'ASCII' | 'latin1' | 'utf-8' | 'bytes';
}

// Module-local copies: the opcode switch then compares against plain consts
// (property reads through an imported namespace object cost more per opcode).
const {
  ADDITEMS,
  APPEND,
  APPENDS,
  BINBYTES,
  BINBYTES8,
  BINFLOAT,
  BINGET,
  BININT,
  BININT1,
  BININT2,
  BINPERSID,
  BINPUT,
  BINSTRING,
  BINUNICODE,
  BINUNICODE8,
  BUILD,
  BYTEARRAY8,
  DICT,
  DUP,
  EMPTY_DICT,
  EMPTY_LIST,
  EMPTY_SET,
  EMPTY_TUPLE,
  EXT1,
  EXT2,
  EXT4,
  FLOAT,
  FRAME,
  FROZENSET,
  GET,
  GLOBAL,
  INST,
  INT,
  LIST,
  LONG,
  LONG1,
  LONG4,
  LONG_BINGET,
  LONG_BINPUT,
  MARK,
  MEMOIZE,
  NEWFALSE,
  NEWOBJ,
  NEWOBJ_EX,
  NEWTRUE,
  NEXT_BUFFER,
  NONE,
  OBJ,
  PERSID,
  POP,
  POP_MARK,
  PROTO,
  PUT,
  READONLY_BUFFER,
  REDUCE,
  SETITEM,
  SETITEMS,
  SHORT_BINBYTES,
  SHORT_BINSTRING,
  SHORT_BINUNICODE,
  STACK_GLOBAL,
  STOP,
  STRING,
  TUPLE,
  TUPLE1,
  TUPLE2,
  TUPLE3,
  UNICODE,
} = Op;

const MEMO_DENSE_LIMIT = 1 << 22;

const DEFAULTS: Required<UnpickleOptions> = {
  maxInputBytes: 16 * 1024 * 1024,
  maxMemo: 1_000_000,
  maxStack: 1_000_000,
  maxNodes: 2_000_000,
  maxLongBytes: 65_536,
  encoding: 'ASCII',
};

function truncated(): UnpicklingError {
  return new UnpicklingError('pickle data was truncated', 'TRUNCATED', 'UnpicklingError');
}

/** Decode one pickle (like `pickle.loads`, trailing bytes after STOP are ignored). */
export function unpickle(data: Uint8Array, options: UnpickleOptions = {}): PyValue {
  const o = { ...DEFAULTS, ...options };
  if (data.length > o.maxInputBytes) {
    throw new PickleLimitError(`pickle of ${data.length} bytes exceeds the ${o.maxInputBytes}-byte limit`);
  }
  const u = new Machine(data, o);
  return u.run();
}

class Machine {
  private pos = 0;
  private proto = 0;
  private readonly stack: PyValue[] = [];
  /** Stack heights at each MARK (CPython's marks array); the top one is the fence. */
  private readonly marks: number[] = [];
  // The memo: a plain array for the usual dense indices (MEMOIZE counts up
  // from 0; V8's Map is several times slower for a million entries), a Map
  // for far-out LONG_BINPUT / PUT indices so they allocate nothing.
  private readonly memoDense: PyValue[] = [];
  private readonly memoSparse = new Map<number, PyValue>();
  private memoCount = 0;
  private nodes = 0;
  private readonly r: Reconstructor;
  private readonly view: DataView;

  constructor(
    private readonly data: Uint8Array,
    private readonly o: Required<UnpickleOptions>,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.r = new Reconstructor((n) => this.charge(n));
  }

  private charge(n: number): void {
    this.nodes += n;
    if (this.nodes > this.o.maxNodes) {
      throw new PickleLimitError(`more than ${this.o.maxNodes} elements (node limit)`);
    }
  }

  // -- input ------------------------------------------------------------------

  private need(n: number): number {
    const p = this.pos;
    if (n > this.data.length - p) throw truncated();
    this.pos = p + n;
    return p;
  }

  private u8(): number {
    return this.data[this.need(1)] as number;
  }

  private u16(): number {
    return this.view.getUint16(this.need(2), true);
  }

  private u32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  private i32(): number {
    return this.view.getInt32(this.need(4), true);
  }

  /** 8-byte little-endian size; values beyond 2^53 are clamped (they exceed any input anyway). */
  private u64(): number {
    const p = this.need(8);
    const lo = this.view.getUint32(p, true);
    const hi = this.view.getUint32(p + 4, true);
    return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 0x1_0000_0000 + lo;
  }

  private bytes(n: number): Uint8Array {
    const p = this.need(n);
    return this.data.subarray(p, p + n);
  }

  /** A text line including its '\n', as latin-1 (one char per byte). */
  private line(): string {
    const nl = this.data.indexOf(0x0a, this.pos);
    if (nl < 0) throw truncated();
    const s = asciiToString(this.data.subarray(this.pos, nl + 1));
    this.pos = nl + 1;
    return s;
  }

  /** A line for opcodes that need at least one char before '\n' (bad_readline otherwise). */
  private nonEmptyLine(): string {
    const s = this.line();
    if (s.length < 2) throw truncated();
    return s;
  }

  private utf8Line(): string {
    const nl = this.data.indexOf(0x0a, this.pos);
    if (nl < 0) throw truncated();
    if (nl - this.pos < 1) throw truncated();
    const s = decodeUtf8SurrogatePass(this.data.subarray(this.pos, nl));
    this.pos = nl + 1;
    return s;
  }

  // -- stack ------------------------------------------------------------------

  private fence(): number {
    return this.marks.length === 0 ? 0 : (this.marks[this.marks.length - 1] as number);
  }

  private underflow(): UnpicklingError {
    const msg = this.marks.length > 0 ? 'unexpected MARK found' : 'unpickling stack underflow';
    return new UnpicklingError(msg, 'STACK_UNDERFLOW', 'UnpicklingError');
  }

  private push(v: PyValue): void {
    if (this.stack.length + this.marks.length >= this.o.maxStack) {
      throw new PickleLimitError(`stack deeper than ${this.o.maxStack}`);
    }
    this.stack.push(v);
  }

  private pop(): PyValue {
    if (this.stack.length <= this.fence()) throw this.underflow();
    return this.stack.pop() as PyValue;
  }

  private top(): PyValue {
    if (this.stack.length <= this.fence()) throw this.underflow();
    return this.stack[this.stack.length - 1] as PyValue;
  }

  /** Pop to the last MARK; returns the popped items and removes the mark. */
  private popMark(): PyValue[] {
    const m = this.marker();
    const items = this.stack.splice(m);
    return items;
  }

  /** Remove the last MARK and return its stack height (CPython's marker()). */
  private marker(): number {
    const m = this.marks.pop();
    if (m === undefined) throw new UnpicklingError('could not find MARK', 'STACK_UNDERFLOW', 'UnpicklingError');
    return m;
  }

  // -- memo -------------------------------------------------------------------

  private memoPut(idx: number, v: PyValue): void {
    const dense = idx < MEMO_DENSE_LIMIT;
    const had = dense ? this.memoDense[idx] !== undefined : this.memoSparse.has(idx);
    if (!had) {
      if (this.memoCount >= this.o.maxMemo) throw new PickleLimitError(`more than ${this.o.maxMemo} memo entries`);
      this.memoCount++;
    }
    if (dense) this.memoDense[idx] = v;
    else this.memoSparse.set(idx, v);
  }

  private memoGet(idx: number): PyValue {
    const v = idx < MEMO_DENSE_LIMIT ? this.memoDense[idx] : this.memoSparse.get(idx);
    if (v === undefined) {
      throw new UnpicklingError(`Memo value not found at index ${idx}`, 'MEMO_MISSING', 'UnpicklingError');
    }
    return v;
  }

  // -- decoding helpers -------------------------------------------------------

  private long(n: number): bigint {
    // Truncation first: that is what CPython reports for a length past the end.
    if (n > this.data.length - this.pos) throw truncated();
    if (n > this.o.maxLongBytes) throw new PickleLimitError(`LONG of ${n} bytes exceeds the ${this.o.maxLongBytes}-byte limit`);
    return decodeLong(this.bytes(n));
  }

  private py2str(b: Uint8Array): PyValue {
    switch (this.o.encoding) {
      case 'bytes':
        return { kind: 'bytes', data: b.slice() };
      case 'latin1':
        return asciiToString(b);
      case 'utf-8':
        return decodeUtf8SurrogatePass(b);
      default:
        for (let i = 0; i < b.length; i++) {
          if ((b[i] as number) > 0x7f) {
            throw new PythonError(
              'UnicodeDecodeError',
              `'ascii' codec can't decode byte 0x${(b[i] as number).toString(16)} in position ${i}: ordinal not in range(128)`,
            );
          }
        }
        return asciiToString(b);
    }
  }

  private tupleOf(items: PyValue[]): PyValue {
    this.charge(items.length);
    return { kind: 'tuple', items };
  }

  // -- main loop --------------------------------------------------------------

  run(): PyValue {
    const data = this.data;
    const stack = this.stack;
    for (;;) {
      if (this.pos >= data.length) {
        throw new UnpicklingError('Ran out of input', 'EOF', 'EOFError');
      }
      const op = data[this.pos++] as number;
      switch (op) {
        case PROTO: {
          const p = this.u8();
          if (p > HIGHEST_PROTOCOL) {
            throw new UnpicklingError(`unsupported pickle protocol: ${p}`, 'BAD_PROTOCOL', 'ValueError');
          }
          this.proto = p;
          break;
        }
        case FRAME: {
          // Frames are a read-ahead hint; the data is already in memory. Like
          // CPython we only insist that the announced frame is present.
          const n = this.u64();
          if (n > data.length - this.pos) throw truncated();
          break;
        }
        case STOP:
          return this.pop();

        // -- scalars
        case NONE:
          this.push(null);
          break;
        case NEWTRUE:
          this.push(true);
          break;
        case NEWFALSE:
          this.push(false);
          break;
        case BININT:
          this.push(BigInt(this.i32()));
          break;
        case BININT1:
          this.push(BigInt(this.u8()));
          break;
        case BININT2:
          this.push(BigInt(this.u16()));
          break;
        case LONG1:
          this.push(this.long(this.u8()));
          break;
        case LONG4: {
          const n = this.i32();
          if (n < 0) throw new UnpicklingError('LONG pickle has negative byte count', 'BAD_ARGUMENT', 'UnpicklingError');
          this.push(this.long(n));
          break;
        }
        case INT:
          this.push(parseIntOpcode(this.nonEmptyLine(), this.o.maxLongBytes * 8));
          break;
        case LONG:
          this.push(parseLongOpcode(this.nonEmptyLine(), this.o.maxLongBytes * 8));
          break;
        case FLOAT:
          this.push(parseFloatOpcode(this.nonEmptyLine()));
          break;
        case BINFLOAT:
          this.push(this.view.getFloat64(this.need(8), false));
          break;

        // -- text and bytes
        case SHORT_BINUNICODE:
          this.push(decodeUtf8SurrogatePass(this.bytes(this.u8())));
          break;
        case BINUNICODE:
          this.push(decodeUtf8SurrogatePass(this.bytes(this.u32())));
          break;
        case BINUNICODE8:
          this.push(decodeUtf8SurrogatePass(this.bytes(this.u64())));
          break;
        case UNICODE: {
          const l = this.line();
          this.push(decodeRawUnicodeEscape(l.slice(0, -1)));
          break;
        }
        case STRING:
          this.push(this.py2str(parseStringOpcode(this.line())));
          break;
        case BINSTRING: {
          const n = this.i32();
          if (n < 0) throw new UnpicklingError('BINSTRING pickle has negative byte count', 'BAD_ARGUMENT', 'UnpicklingError');
          this.push(this.py2str(this.bytes(n)));
          break;
        }
        case SHORT_BINSTRING:
          this.push(this.py2str(this.bytes(this.u8())));
          break;
        case SHORT_BINBYTES:
          this.push({ kind: 'bytes', data: this.bytes(this.u8()).slice() });
          break;
        case BINBYTES:
          this.push({ kind: 'bytes', data: this.bytes(this.u32()).slice() });
          break;
        case BINBYTES8:
          this.push({ kind: 'bytes', data: this.bytes(this.u64()).slice() });
          break;
        case BYTEARRAY8:
          this.push({ kind: 'bytearray', data: this.bytes(this.u64()).slice() });
          break;

        // -- containers
        case EMPTY_TUPLE:
          this.push({ kind: 'tuple', items: [] });
          break;
        case TUPLE:
          this.push(this.tupleOf(this.popMark()));
          break;
        case TUPLE1:
        case TUPLE2:
        case TUPLE3: {
          const n = op - TUPLE1 + 1;
          if (stack.length - this.fence() < n) throw this.underflow();
          this.push(this.tupleOf(stack.splice(stack.length - n)));
          break;
        }
        case EMPTY_LIST:
          this.push({ kind: 'list', items: [] });
          break;
        case LIST: {
          const items = this.popMark();
          this.charge(items.length);
          this.push({ kind: 'list', items });
          break;
        }
        case APPEND: {
          const v = this.pop();
          const target = this.top();
          if (isTagged(target) && target.kind === 'list') {
            this.charge(1);
            target.items.push(v);
          } else {
            this.r.append(target, [v], 'append');
          }
          break;
        }
        case APPENDS: {
          const m = this.marker();
          if (m > stack.length || m <= this.fence()) throw this.underflow();
          if (m === stack.length) break;
          const items = stack.splice(m);
          this.r.append(stack[m - 1] as PyValue, items, 'extend');
          break;
        }
        case EMPTY_DICT:
          this.push({ kind: 'dict', entries: [] });
          break;
        case DICT: {
          const items = this.popMark();
          if (items.length % 2 !== 0) {
            throw new UnpicklingError('odd number of items for DICT', 'BAD_ARGUMENT', 'UnpicklingError');
          }
          const d: PyDict = { kind: 'dict', entries: [] };
          this.r.setItems(d, items);
          this.push(d);
          break;
        }
        case SETITEM: {
          const v = this.pop();
          const k = this.pop();
          this.r.setItems(this.top(), [k, v]);
          break;
        }
        case SETITEMS: {
          const m = this.marker();
          if (m > stack.length || m <= this.fence()) throw this.underflow();
          if (m === stack.length) break;
          if ((stack.length - m) % 2 !== 0) {
            throw new UnpicklingError('odd number of items for SETITEMS', 'BAD_ARGUMENT', 'UnpicklingError');
          }
          const items = stack.splice(m);
          this.r.setItems(stack[m - 1] as PyValue, items);
          break;
        }
        case EMPTY_SET:
          this.push({ kind: 'set', items: [] });
          break;
        case ADDITEMS: {
          const m = this.marker();
          if (m > stack.length || m <= this.fence()) throw this.underflow();
          if (m === stack.length) break;
          const items = stack.splice(m);
          this.r.addItems(stack[m - 1] as PyValue, items);
          break;
        }
        case FROZENSET:
          this.push(this.r.newSet('frozenset', this.popMark()));
          break;

        // -- stack manipulation
        case MARK:
          if (stack.length + this.marks.length >= this.o.maxStack) {
            throw new PickleLimitError(`stack deeper than ${this.o.maxStack}`);
          }
          this.marks.push(stack.length);
          break;
        case POP:
          // CPython: POP right after a MARK discards the mark.
          if (this.marks.length > 0 && this.marks[this.marks.length - 1] === stack.length) this.marks.pop();
          else this.pop();
          break;
        case POP_MARK:
          this.popMark();
          break;
        case DUP:
          this.push(this.top());
          break;

        // -- memo
        case GET:
          this.push(this.memoGet(parseMemoIndex(this.nonEmptyLine(), 'GET')));
          break;
        case BINGET:
          this.push(this.memoGet(this.u8()));
          break;
        case LONG_BINGET:
          this.push(this.memoGet(this.u32()));
          break;
        case PUT: {
          const idx = parseMemoIndex(this.nonEmptyLine(), 'PUT');
          this.memoPut(idx, this.top());
          break;
        }
        case BINPUT: {
          const idx = this.u8();
          this.memoPut(idx, this.top());
          break;
        }
        case LONG_BINPUT: {
          const idx = this.u32();
          this.memoPut(idx, this.top());
          break;
        }
        case MEMOIZE:
          this.memoPut(this.memoCount, this.top());
          break;

        // -- globals and objects
        case GLOBAL: {
          const module = this.utf8Line();
          const name = this.utf8Line();
          this.push(resolveGlobal(module, name, this.proto));
          break;
        }
        case STACK_GLOBAL: {
          const name = this.pop();
          const module = this.pop();
          if (typeof name !== 'string' || typeof module !== 'string') {
            throw new UnpicklingError('STACK_GLOBAL requires str', 'BAD_ARGUMENT', 'UnpicklingError');
          }
          this.push(resolveGlobal(module, name, this.proto));
          break;
        }
        case REDUCE: {
          const args = this.pop();
          const callable = this.pop();
          if (!isTagged(args) || args.kind !== 'tuple') {
            throw new PythonError('TypeError', 'argument list must be a tuple');
          }
          this.charge(1);
          this.push(this.r.reduce(callable, args.items));
          break;
        }
        case NEWOBJ: {
          const args = this.pop();
          const cls = this.pop();
          if (!isTagged(args) || args.kind !== 'tuple') {
            throw new UnpicklingError('NEWOBJ expected an arg tuple.', 'BAD_ARGUMENT', 'UnpicklingError');
          }
          this.charge(1);
          this.push(this.r.newObj(cls, args.items, null));
          break;
        }
        case NEWOBJ_EX: {
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          if (!isTagged(args) || args.kind !== 'tuple') {
            throw new UnpicklingError('NEWOBJ_EX args argument must be a tuple', 'BAD_ARGUMENT', 'UnpicklingError');
          }
          if (!isTagged(kwargs) || kwargs.kind !== 'dict') {
            throw new UnpicklingError('NEWOBJ_EX kwargs argument must be a dict', 'BAD_ARGUMENT', 'UnpicklingError');
          }
          this.charge(1);
          this.push(this.r.newObj(cls, args.items, kwargs));
          break;
        }
        case BUILD: {
          const state = this.pop();
          this.r.build(this.top(), state);
          break;
        }
        case INST: {
          const module = this.utf8Line();
          const name = this.utf8Line();
          const args = this.popMark();
          const cls = resolveGlobal(module, name, this.proto);
          this.charge(1);
          this.push(this.r.reduce(cls, args));
          break;
        }
        case OBJ: {
          const items = this.popMark();
          if (items.length === 0) throw this.underflow();
          const cls = items[0] as PyValue;
          this.charge(1);
          this.push(this.r.reduce(cls, items.slice(1)));
          break;
        }

        // -- things CPython cannot do without outside help either
        case PERSID:
          this.line();
          throw persistent();
        case BINPERSID:
          this.pop();
          throw persistent();
        case EXT1:
          throw extension(this.u8());
        case EXT2:
          throw extension(this.u16());
        case EXT4:
          throw extension(this.i32());
        case NEXT_BUFFER:
          throw new PickleUnsupportedError(
            'pickle stream refers to out-of-band data but no *buffers* argument was given',
            'UNSUPPORTED',
            'UnpicklingError',
          );
        case READONLY_BUFFER: {
          // In-band bytes are already read-only; a bytearray would become a
          // read-only memoryview, which we keep as the bytearray it wraps.
          const v = this.top();
          if (!isTagged(v) || (v.kind !== 'bytes' && v.kind !== 'bytearray')) {
            throw new PythonError('TypeError', `a bytes-like object is required, not '${pyTypeName(v)}'`);
          }
          break;
        }
        default:
          throw new UnpicklingError(
            `invalid load key, '${op >= 0x20 && op < 0x7f ? String.fromCharCode(op) : `\\x${op.toString(16).padStart(2, '0')}`}'.`,
            'BAD_OPCODE',
            'UnpicklingError',
          );
      }
    }
  }
}

function persistent(): PickleUnsupportedError {
  return new PickleUnsupportedError(
    'A load persistent id instruction was encountered, but no persistent_load function was specified.',
    'UNSUPPORTED',
    'UnpicklingError',
  );
}

function extension(code: number): PickleUnsupportedError {
  if (code <= 0) return new PickleUnsupportedError('EXT specifies code <= 0', 'UNSUPPORTED', 'UnpicklingError');
  return new PickleUnsupportedError(`unregistered extension code ${code}`, 'UNSUPPORTED', 'ValueError');
}

/** Little-endian two's-complement bytes to a BigInt (pickle.decode_long). */
export function decodeLong(b: Uint8Array): bigint {
  const n = b.length;
  if (n === 0) return 0n;
  // Buffer.reverse works on a copy here: Buffer.from copies the bytes.
  const hex = Buffer.from(b).reverse().toString('hex');
  let v = BigInt(`0x${hex}`);
  if (((b[n - 1] as number) & 0x80) !== 0) v -= 1n << BigInt(8 * n);
  return v;
}
