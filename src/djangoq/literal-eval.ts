// Python 3.11's `ast.literal_eval(text)` over our value model, without
// executing anything. django-q's scheduler parses `django_q_schedule.args`
// (and, in django-q2, `kwargs`) with it, so "run now" must get exactly the
// values the scheduler would get, or refuse.
//
// What literal_eval accepts (Lib/ast.py, CPython 3.11):
//   * the source is `text.lstrip(" \t")` parsed in "eval" mode: one
//     expression, blank lines / comments / backslash continuations allowed;
//   * Constant (str, bytes, int, float, complex, True, False, None, ...),
//     Tuple, List, Set, Dict (no `**`), the call `set()` with no argument;
//   * UnaryOp +/- whose operand is an int/float/complex Constant (not bool);
//   * BinOp +/- whose left is such a (signed) number and whose right is a
//     complex Constant: `1+2j`, `-1.5-3j` (never `1j+1`, `1+1`).
// Everything else is rejected: names, calls, f-strings, subscripts,
// comprehensions, other operators. Dict keys and set items must be hashable
// (TypeError) and are de-duplicated with Python equality (1 == 1.0 == True):
// the first key object stays, the last value wins.
//
// Errors carry `pythonName`: SyntaxError where Python's tokenizer/parser
// fails, ValueError ("malformed node or string") for valid Python that is not
// a literal, TypeError for unhashable keys, MemoryError for our size limits.
// Where our parser meets syntax it does not model (which is never a literal),
// the error is a ValueError with `certain: false`: literal_eval rejects it,
// but Python might have called it a SyntaxError instead.

import { HashKeys } from './hash-key.js';
import { type PyValue, pyBytes, pyComplex, pyGlobal } from './values.js';

export class LiteralEvalError extends Error {
  readonly pythonName: 'SyntaxError' | 'IndentationError' | 'UnicodeEncodeError' | 'ValueError' | 'TypeError' | 'MemoryError' | 'OverflowError';
  /** false when Python would also reject the text, but perhaps with another exception class. */
  readonly certain: boolean;
  /** 0-based offset in the text (after the lstrip) where the problem was found, when known. */
  readonly offset: number | undefined;
  constructor(pythonName: LiteralEvalError['pythonName'], message: string, offset?: number, certain = true) {
    super(message);
    this.name = 'LiteralEvalError';
    this.pythonName = pythonName;
    this.offset = offset;
    this.certain = certain;
  }
}

export interface LiteralEvalOptions {
  /** Longest accepted text in UTF-16 units (default 1 MiB). */
  maxLength?: number;
  /** Python's tokenizer refuses more than 200 nested brackets; kept as the default. */
  maxDepth?: number;
  /** Python refuses decimal int literals above 4300 digits (sys.int_info.default_max_str_digits). */
  maxIntDigits?: number;
}

// ---------------------------------------------------------------------------
// Tokens

type Tok =
  | { t: 'num'; pos: number; value: bigint | number | { imag: number } }
  | { t: 'str'; pos: number; bytes: boolean; fstring: boolean; value: string | Uint8Array }
  | { t: 'name'; pos: number; value: string }
  | { t: 'op'; pos: number; value: string }
  | { t: 'end'; pos: number };

const OPS3 = ['**=', '//=', '>>=', '<<=', '...', '!='];
const OPS2 = ['**', '//', '<<', '>>', '<=', '>=', '==', '->', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@='];
const OPS1 = '()[]{},:;.+-*/%|&^~<>=@!';
const KEYWORDS = new Set(
  'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

const syntax = (msg: string, pos?: number) => new LiteralEvalError('SyntaxError', msg, pos);

function isIdStart(c: string): boolean {
  return /^[\p{L}\p{Nl}_\u1885\u1886\u2118\u212e\u309b\u309c]$/u.test(c);
}
function isIdContinue(c: string): boolean {
  return /^[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}_\u00b7\u0387\u1369-\u1371\u19da\u1885\u1886\u2118\u212e\u309b\u309c]$/u.test(c);
}

class Tokenizer {
  readonly toks: Tok[] = [];
  private i = 0;
  private depth = 0;
  private lineHasToken = false;
  private closedLogicalLine = false;

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
    private readonly maxIntDigits: number,
  ) {}

  run(): Tok[] {
    const s = this.src;
    this.atLineStart();
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (c === ' ' || c === '\t' || c === '\f') {
        this.i++;
        continue;
      }
      if (c === '\0') throw new LiteralEvalError('SyntaxError', 'source code string cannot contain null bytes', this.i);
      if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n' && s[this.i] !== '\r') this.i++;
        continue;
      }
      if (c === '\\') {
        const n = s[this.i + 1];
        if (n === '\n' || n === '\r') {
          this.i += n === '\r' && s[this.i + 2] === '\n' ? 3 : 2;
          if (this.i >= s.length) throw syntax('unexpected EOF while parsing', this.i);
          continue;
        }
        throw syntax('unexpected character after line continuation character', this.i);
      }
      if (c === '\n' || c === '\r') {
        this.i += c === '\r' && s[this.i + 1] === '\n' ? 2 : 1;
        if (this.depth === 0) {
          if (this.lineHasToken) this.closedLogicalLine = true;
          this.atLineStart();
        }
        continue;
      }
      if (this.closedLogicalLine) throw syntax('invalid syntax', this.i);
      this.lineHasToken = true;
      if ((c >= '0' && c <= '9') || (c === '.' && /[0-9]/.test(s[this.i + 1] ?? ''))) {
        this.number();
        continue;
      }
      if (c === '"' || c === "'") {
        this.string('', this.i);
        continue;
      }
      const cp = s.codePointAt(this.i) as number;
      const ch = String.fromCodePoint(cp);
      if (isIdStart(ch)) {
        const start = this.i;
        this.i += ch.length;
        while (this.i < s.length) {
          const d = String.fromCodePoint(s.codePointAt(this.i) as number);
          if (!isIdContinue(d)) break;
          this.i += d.length;
        }
        const word = s.slice(start, this.i);
        const q = s[this.i];
        if ((q === '"' || q === "'") && /^(r|u|b|br|rb|f|fr|rf)$/i.test(word)) {
          this.string(word.toLowerCase(), start);
          continue;
        }
        this.toks.push({ t: 'name', pos: start, value: word.normalize('NFKC') });
        continue;
      }
      const three = s.slice(this.i, this.i + 3);
      const two = s.slice(this.i, this.i + 2);
      let op: string | undefined;
      if (OPS3.includes(three)) op = three;
      else if (OPS2.includes(two)) op = two;
      else if (OPS1.includes(c)) op = c;
      if (op === undefined || op === '!') {
        const hex = cp.toString(16).toUpperCase().padStart(4, '0');
        throw syntax(
          cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x2028 || cp === 0x2029
            ? `invalid non-printable character U+${hex}`
            : `invalid character '${ch}' (U+${hex})`,
          this.i,
        );
      }
      if (op === '(' || op === '[' || op === '{') {
        if (this.depth >= this.maxDepth) throw syntax('too many nested parentheses', this.i);
        this.depth++;
      } else if (op === ')' || op === ']' || op === '}') {
        if (this.depth === 0) throw syntax(`unmatched '${op}'`, this.i);
        this.depth--;
      }
      this.toks.push({ t: 'op', pos: this.i, value: op });
      this.i += op.length;
    }
    if (this.depth > 0) throw syntax("'(' was never closed", this.i);
    this.toks.push({ t: 'end', pos: this.i });
    return this.toks;
  }

  /** Indentation of a new line at bracket depth 0: only blank/comment lines may be indented. */
  private atLineStart(): void {
    const s = this.src;
    let j = this.i;
    let indented = false;
    for (;;) {
      while (j < s.length && (s[j] === ' ' || s[j] === '\t' || s[j] === '\f')) {
        // A form feed resets the column (CPython's tokenizer).
        indented = s[j] !== '\f';
        j++;
      }
      // A backslash continuation keeps counting the indentation on the next line.
      if (s[j] === '\\' && s[j + 1] === '\n') {
        j += 2;
        if (j >= s.length) throw syntax('unexpected EOF while parsing', j);
        continue;
      }
      break;
    }
    const c = s[j];
    // An indented line is allowed only when blank or a comment; a last line of
    // only blanks without a newline counts as indented (CPython 3.11).
    if (indented && c !== '\n' && c !== '#') {
      // Python may report a syntax error found earlier on the line first.
      throw new LiteralEvalError('IndentationError', 'unexpected indent', j, false);
    }
    this.i = j;
  }

  private number(): void {
    const s = this.src;
    const start = this.i;
    const digitsOf = (re: RegExp): string => {
      // digit (_? digit)*
      let out = '';
      while (this.i < s.length) {
        const c = s[this.i] as string;
        if (re.test(c)) {
          out += c;
          this.i++;
        } else if (c === '_' && out !== '' && re.test(s[this.i + 1] ?? '')) {
          this.i++;
        } else break;
      }
      return out;
    };
    const tail = () => {
      const c = s[this.i];
      if (c !== undefined && (isIdContinue(String.fromCodePoint(s.codePointAt(this.i) as number)) || c === '_')) {
        // `1if x else y` is valid Python (a deprecated spelling): not a literal either way.
        throw new LiteralEvalError('SyntaxError', 'invalid decimal literal', this.i, false);
      }
    };
    const c0 = s[this.i] as string;
    const c1 = (s[this.i + 1] ?? '').toLowerCase();
    if (c0 === '0' && (c1 === 'x' || c1 === 'o' || c1 === 'b')) {
      this.i += 2;
      if (s[this.i] === '_') this.i++;
      const re = c1 === 'x' ? /[0-9a-fA-F]/ : c1 === 'o' ? /[0-7]/ : /[01]/;
      const digits = digitsOf(re);
      const name = c1 === 'x' ? 'hexadecimal' : c1 === 'o' ? 'octal' : 'binary';
      const next = s[this.i] ?? '';
      if (digits === '') throw syntax(`invalid ${name} literal`, this.i);
      if (/[0-9]/.test(next)) throw syntax(`invalid digit '${next}' in ${name} literal`, this.i);
      if (next === '_' || isIdContinue(next)) throw syntax(`invalid ${name} literal`, this.i);
      this.toks.push({ t: 'num', pos: start, value: BigInt(`0${c1}${digits}`) });
      return;
    }
    let intPart = '';
    if (c0 !== '.') intPart = digitsOf(/[0-9]/);
    if (s[this.i] === '_') throw syntax('invalid decimal literal', this.i);
    let isFloat = false;
    let frac = '';
    let exp = '';
    if (s[this.i] === '.') {
      isFloat = true;
      this.i++;
      frac = digitsOf(/[0-9]/);
      if (s[this.i] === '_') throw syntax('invalid decimal literal', this.i);
    }
    if (s[this.i] === 'e' || s[this.i] === 'E') {
      const save = this.i;
      this.i++;
      let sign = '';
      if (s[this.i] === '+' || s[this.i] === '-') sign = s[this.i++] as string;
      const e = digitsOf(/[0-9]/);
      if (e === '') {
        this.i = save;
        throw syntax('invalid decimal literal', save);
      }
      if (s[this.i] === '_') throw syntax('invalid decimal literal', this.i);
      exp = `e${sign}${e}`;
      isFloat = true;
    }
    const text = `${intPart === '' ? '0' : intPart}.${frac === '' ? '0' : frac}${exp}`;
    if (s[this.i] === 'j' || s[this.i] === 'J') {
      this.i++;
      tail();
      this.toks.push({ t: 'num', pos: start, value: { imag: Number(text) } });
      return;
    }
    tail();
    if (isFloat) {
      this.toks.push({ t: 'num', pos: start, value: Number(text) });
      return;
    }
    if (intPart.length > 1 && /[1-9]/.test(intPart) && intPart[0] === '0') {
      throw syntax(
        'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
        start,
      );
    }
    if (intPart.length > this.maxIntDigits && /[1-9]/.test(intPart)) {
      throw syntax(
        `Exceeds the limit (${this.maxIntDigits} digits) for integer string conversion: value has ${intPart.length} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.`,
        start,
      );
    }
    this.toks.push({ t: 'num', pos: start, value: BigInt(intPart) });
  }

  private string(prefix: string, start: number): void {
    const s = this.src;
    const raw = prefix.includes('r');
    const bytes = prefix.includes('b');
    const fstring = prefix.includes('f');
    const q = s[this.i] as string;
    const triple = s[this.i + 1] === q && s[this.i + 2] === q;
    this.i += triple ? 3 : 1;
    const bodyStart = this.i;
    let bodyEnd = -1;
    while (this.i < s.length) {
      const c = s[this.i] as string;
      if (c === '\\') {
        this.i += 2;
        continue;
      }
      if (!triple && (c === '\n' || c === '\r')) break;
      if (c === q && (!triple || (s[this.i + 1] === q && s[this.i + 2] === q))) {
        bodyEnd = this.i;
        this.i += triple ? 3 : 1;
        break;
      }
      this.i++;
    }
    if (bodyEnd < 0) {
      throw syntax(triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal', start);
    }
    // Python reads source newlines as \n.
    const body = s.slice(bodyStart, bodyEnd).replace(/\r\n?/g, '\n');
    if (bytes) {
      for (let k = 0; k < body.length; k++) {
        if (body.charCodeAt(k) > 0x7f) throw syntax('bytes can only contain ASCII literal characters', start);
      }
    }
    let value: string | Uint8Array;
    if (fstring) value = body;
    else if (bytes) value = raw ? latin1(body) : decodeBytesEscapes(body, start);
    else value = raw ? body : decodeStrEscapes(body, start);
    this.toks.push({ t: 'str', pos: start, bytes, fstring, value });
  }
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let k = 0; k < s.length; k++) out[k] = s.charCodeAt(k);
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = {
  '\n': -1,
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
};

function decodeStrEscapes(body: string, pos: number): string {
  if (!body.includes('\\')) return body;
  let out = '';
  let k = 0;
  const unicodeError = (what: string, from: number, to: number) =>
    syntax(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${from}-${to}: ${what}`, pos);
  while (k < body.length) {
    const c = body[k] as string;
    if (c !== '\\') {
      out += c;
      k++;
      continue;
    }
    const e = body[k + 1];
    if (e === undefined) throw unicodeError('\\ at end of string', k, k);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      if (simple >= 0) out += String.fromCharCode(simple);
      k += 2;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const { value, end } = octalEscape(body, k);
      out += String.fromCharCode(value);
      k = end;
      continue;
    }
    if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(k + 2, k + 2 + n);
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) {
        const label = e === 'x' ? '\\xXX' : e === 'u' ? '\\uXXXX' : '\\UXXXXXXXX';
        let end = k + 2;
        while (end < k + 2 + n && /[0-9a-fA-F]/.test(body[end] ?? '')) end++;
        throw unicodeError(`truncated ${label} escape`, k, end - 1);
      }
      const v = Number.parseInt(hex, 16);
      if (v > 0x10ffff) throw unicodeError('illegal Unicode character', k, k + 2 + n - 1);
      out += v <= 0xffff ? String.fromCharCode(v) : String.fromCodePoint(v);
      k += 2 + n;
      continue;
    }
    if (e === 'N') {
      // Needs the Unicode character-name database, which we do not carry.
      throw new LiteralEvalError('ValueError', 'unsupported: \\N{...} escapes (Unicode character names) are not decoded', pos, false);
    }
    // Unknown escape: kept as written (DeprecationWarning in Python).
    out += '\\';
    k++;
  }
  return out;
}

/** `\ooo` at `k` (the backslash): up to three octal digits, in str and bytes literals alike. */
function octalEscape(body: string, k: number): { value: number; end: number } {
  let j = k + 1;
  let value = 0;
  while (j < body.length && j < k + 4 && /[0-7]/.test(body[j] as string)) value = value * 8 + Number(body[j++]);
  return { value, end: j };
}

function decodeBytesEscapes(body: string, pos: number): Uint8Array {
  const out: number[] = [];
  let k = 0;
  while (k < body.length) {
    const c = body[k] as string;
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      k++;
      continue;
    }
    const e = body[k + 1];
    if (e === undefined) throw syntax('(value error) Trailing \\ in string', pos);
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      if (simple >= 0) out.push(simple);
      k += 2;
      continue;
    }
    if (e >= '0' && e <= '7') {
      const { value, end } = octalEscape(body, k);
      out.push(value & 0xff);
      k = end;
      continue;
    }
    if (e === 'x') {
      const hex = body.slice(k + 2, k + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw syntax(`(value error) invalid \\x escape at position ${k}`, pos);
      out.push(Number.parseInt(hex, 16));
      k += 4;
      continue;
    }
    out.push(0x5c);
    k++;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------------------
// Syntax tree of the literal subset

type Node =
  | { n: 'const'; pos: number; value: PyValue; num: boolean; isComplex: boolean }
  | { n: 'fstring'; pos: number }
  | { n: 'tuple' | 'list' | 'set'; pos: number; items: Node[] }
  | { n: 'dict'; pos: number; keys: Node[]; values: Node[] }
  | { n: 'emptyset'; pos: number }
  | { n: 'unary'; pos: number; op: '+' | '-'; operand: Node }
  | { n: 'binop'; pos: number; op: '+' | '-'; left: Node; right: Node };

const MALFORMED_OPS = new Set([
  '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^', '~', '<', '>', '<=', '>=', '==', '!=', '.', ':=', '[', '(',
]);

class Parser {
  private k = 0;
  constructor(private readonly toks: Tok[]) {}

  get pos(): number {
    return this.k;
  }
  set pos(v: number) {
    this.k = v;
  }
  peekTok(ahead = 0): Tok {
    return (this.toks[this.k + ahead] ?? this.toks[this.toks.length - 1]) as Tok;
  }
  /** Skip one argument we cannot model: up to the next ',' outside brackets. */
  skipArgument(): void {
    let depth = 0;
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'end') return;
      if (tok.t === 'op') {
        if (tok.value === '(' || tok.value === '[' || tok.value === '{') depth++;
        else if (tok.value === ')' || tok.value === ']' || tok.value === '}') depth--;
        else if (tok.value === ',' && depth === 0) return;
      }
      this.k++;
    }
  }

  private peek(): Tok {
    return this.toks[this.k] as Tok;
  }
  private isOp(v: string, tok: Tok = this.peek()): boolean {
    return tok.t === 'op' && tok.value === v;
  }
  private expectOp(v: string): void {
    const tok = this.peek();
    if (!this.isOp(v, tok)) throw this.unexpected(tok);
    this.k++;
  }

  /** Something other than the literal subset: Python rejects it too, with SyntaxError or ValueError. */
  unexpected(tok: Tok): LiteralEvalError {
    if (tok.t === 'end') return syntax('unexpected EOF while parsing', tok.pos);
    if (tok.t === 'name') {
      return new LiteralEvalError('ValueError', `malformed node or string: name '${tok.value}' is not a literal`, tok.pos, false);
    }
    if (tok.t === 'op' && MALFORMED_OPS.has(tok.value)) {
      return new LiteralEvalError('ValueError', `malformed node or string: operator '${tok.value}' is not allowed`, tok.pos, false);
    }
    const what = tok.t === 'op' ? `'${tok.value}'` : tok.t === 'num' ? 'number' : 'string';
    return new LiteralEvalError('SyntaxError', `invalid syntax: unexpected ${what}`, tok.pos, false);
  }

  parseExpressionInput(): Node {
    const node = this.exprList('');
    const tok = this.peek();
    if (tok.t !== 'end') throw this.unexpected(tok);
    return node;
  }

  /** expressions: expr (',' expr)* [','] -> a tuple when there is a comma. */
  private exprList(stop: string): Node {
    const first = this.expr();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.k++;
      if (this.isOp(stop) || this.peek().t === 'end') break;
      items.push(this.expr());
    }
    return { n: 'tuple', pos: (first as { pos: number }).pos, items };
  }

  expr(): Node {
    let left = this.unary();
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'op' && (tok.value === '+' || tok.value === '-')) {
        this.k++;
        const right = this.unary();
        left = { n: 'binop', pos: tok.pos, op: tok.value, left, right };
        continue;
      }
      if (tok.t === 'name' && KEYWORDS.has(tok.value) && tok.value !== 'lambda') {
        // `x if c else y`, `a or b`, `a in b`, ...: valid Python, not literals.
        throw new LiteralEvalError('ValueError', `malformed node or string: '${tok.value}' expression`, tok.pos, false);
      }
      if (tok.t === 'op' && MALFORMED_OPS.has(tok.value)) throw this.unexpected(tok);
      return left;
    }
  }

  private unary(): Node {
    const ops: Tok[] = [];
    while (this.isOp('+') || this.isOp('-')) ops.push(this.toks[this.k++] as Tok);
    let node = this.atom();
    for (let j = ops.length - 1; j >= 0; j--) {
      const tok = ops[j] as Tok & { value: '+' | '-' };
      node = { n: 'unary', pos: tok.pos, op: tok.value, operand: node };
    }
    return node;
  }

  private atom(): Node {
    const tok = this.peek();
    if (tok.t === 'num') {
      this.k++;
      const v = tok.value;
      if (typeof v === 'object') return { n: 'const', pos: tok.pos, value: pyComplex(0, v.imag), num: true, isComplex: true };
      return { n: 'const', pos: tok.pos, value: v, num: true, isComplex: false };
    }
    if (tok.t === 'str') return this.strings();
    if (tok.t === 'name') {
      if (tok.value === 'True' || tok.value === 'False' || tok.value === 'None') {
        this.k++;
        const value = tok.value === 'None' ? null : tok.value === 'True';
        return { n: 'const', pos: tok.pos, value, num: false, isComplex: false };
      }
      if (tok.value === 'set' && this.isOp('(', this.toks[this.k + 1]) && this.isOp(')', this.toks[this.k + 2])) {
        this.k += 3;
        if (this.isOp('(') || this.isOp('[') || this.isOp('.')) throw this.unexpected(this.peek());
        return { n: 'emptyset', pos: tok.pos };
      }
      throw this.unexpected(tok);
    }
    if (tok.t === 'op') {
      if (tok.value === '...') {
        this.k++;
        return { n: 'const', pos: tok.pos, value: pyGlobal('builtins', 'Ellipsis'), num: false, isComplex: false };
      }
      if (tok.value === '(') {
        this.k++;
        if (this.isOp(')')) {
          this.k++;
          return this.noTrailer({ n: 'tuple', pos: tok.pos, items: [] });
        }
        const inner = this.exprList(')');
        this.expectOp(')');
        return this.noTrailer(inner);
      }
      if (tok.value === '[') {
        this.k++;
        const items = this.items(']');
        this.expectOp(']');
        return this.noTrailer({ n: 'list', pos: tok.pos, items });
      }
      if (tok.value === '{') {
        this.k++;
        return this.noTrailer(this.braces(tok.pos));
      }
    }
    throw this.unexpected(tok);
  }

  /** `(1)[0]`, `[1].x`, `{}()`: subscripts, attributes and calls are never literals. */
  private noTrailer(node: Node): Node {
    const tok = this.peek();
    if (this.isOp('(', tok) || this.isOp('[', tok) || this.isOp('.', tok)) throw this.unexpected(tok);
    return node;
  }

  private items(stop: string): Node[] {
    const items: Node[] = [];
    while (!this.isOp(stop)) {
      items.push(this.expr());
      if (this.isOp(',')) this.k++;
      else break;
    }
    return items;
  }

  private braces(pos: number): Node {
    if (this.isOp('}')) {
      this.k++;
      return { n: 'dict', pos, keys: [], values: [] };
    }
    if (this.isOp('**')) {
      throw new LiteralEvalError('ValueError', 'malformed node or string: None', this.peek().pos, false);
    }
    const first = this.expr();
    if (this.isOp(':')) {
      const keys = [first];
      this.k++;
      const values = [this.expr()];
      while (this.isOp(',')) {
        this.k++;
        if (this.isOp('}')) break;
        if (this.isOp('**')) throw new LiteralEvalError('ValueError', 'malformed node or string: None', this.peek().pos, false);
        keys.push(this.expr());
        this.expectOp(':');
        values.push(this.expr());
      }
      this.expectOp('}');
      return { n: 'dict', pos, keys, values };
    }
    const items = [first];
    while (this.isOp(',')) {
      this.k++;
      if (this.isOp('}')) break;
      items.push(this.expr());
    }
    this.expectOp('}');
    return { n: 'set', pos, items };
  }

  /** Adjacent string literals concatenate; bytes and str may not mix; any f-string makes a JoinedStr. */
  private strings(): Node {
    const first = this.peek() as Tok & { t: 'str' };
    const parts: (Tok & { t: 'str' })[] = [];
    while (this.peek().t === 'str') parts.push(this.toks[this.k++] as Tok & { t: 'str' });
    if (parts.some((p) => p.bytes !== first.bytes)) throw syntax('cannot mix bytes and nonbytes literals', first.pos);
    if (parts.some((p) => p.fstring)) return { n: 'fstring', pos: first.pos };
    if (first.bytes) {
      let len = 0;
      for (const p of parts) len += (p.value as Uint8Array).length;
      const data = new Uint8Array(len);
      let off = 0;
      for (const p of parts) {
        data.set(p.value as Uint8Array, off);
        off += (p.value as Uint8Array).length;
      }
      return { n: 'const', pos: first.pos, value: pyBytes(data), num: false, isComplex: false };
    }
    return { n: 'const', pos: first.pos, value: parts.map((p) => p.value as string).join(''), num: false, isComplex: false };
  }
}

// ---------------------------------------------------------------------------
// ast.literal_eval's _convert

function malformed(node: Node): LiteralEvalError {
  // An f-string's own content may be a SyntaxError in Python; we do not parse it.
  const certain = node.n !== 'fstring';
  const names: Record<Node['n'], string> = {
    const: 'Constant',
    fstring: 'JoinedStr',
    tuple: 'Tuple',
    list: 'List',
    set: 'Set',
    dict: 'Dict',
    emptyset: 'Call',
    unary: 'UnaryOp',
    binop: 'BinOp',
  };
  return new LiteralEvalError('ValueError', `malformed node or string: <ast.${names[node.n]} object>`, node.pos, certain);
}

function convertNum(node: Node): bigint | number | ReturnType<typeof pyComplex> {
  if (node.n !== 'const' || !node.num) throw malformed(node);
  return node.value as bigint | number | ReturnType<typeof pyComplex>;
}

function convertSignedNum(node: Node): bigint | number | ReturnType<typeof pyComplex> {
  if (node.n === 'unary') {
    const operand = convertNum(node.operand);
    if (node.op === '+') return operand;
    if (typeof operand === 'bigint') return -operand;
    if (typeof operand === 'number') return -operand;
    return pyComplex(-operand.real, -operand.imag);
  }
  return convertNum(node);
}

function toFloat(v: bigint | number): number {
  if (typeof v === 'number') return v;
  const f = Number(v);
  if (!Number.isFinite(f)) throw new LiteralEvalError('OverflowError', 'int too large to convert to float');
  return f;
}

function convert(root: Node): PyValue {
  // Depth is bounded by the tokenizer's bracket limit, so recursion is safe.
  const keys = new HashKeys();
  const conv = (node: Node): PyValue => {
    switch (node.n) {
      case 'const':
        return node.value;
      case 'tuple':
        return { kind: 'tuple', items: node.items.map(conv) };
      case 'list':
        return { kind: 'list', items: node.items.map(conv) };
      case 'set': {
        const out: PyValue[] = [];
        const seenStr = new Set<string>();
        const seen = new Set<string>();
        for (const it of node.items) {
          const v = conv(it);
          const key = keys.keyOf(v);
          const bucket = typeof v === 'string' ? seenStr : seen;
          if (bucket.has(key)) continue;
          bucket.add(key);
          out.push(v);
        }
        return { kind: 'set', items: out };
      }
      case 'emptyset':
        return { kind: 'set', items: [] };
      case 'dict': {
        const entries: [PyValue, PyValue][] = [];
        const idxStr = new Map<string, number>();
        const idx = new Map<string, number>();
        for (let j = 0; j < node.keys.length; j++) {
          const kv = conv(node.keys[j] as Node);
          const vv = conv(node.values[j] as Node);
          const key = keys.keyOf(kv);
          const bucket = typeof kv === 'string' ? idxStr : idx;
          const at = bucket.get(key);
          if (at === undefined) {
            bucket.set(key, entries.length);
            entries.push([kv, vv]);
          } else (entries[at] as [PyValue, PyValue])[1] = vv;
        }
        return { kind: 'dict', entries };
      }
      case 'binop': {
        const left = convertSignedNum(node.left);
        const right = convertNum(node.right);
        if ((typeof left === 'bigint' || typeof left === 'number') && typeof right === 'object') {
          const l = toFloat(left);
          return node.op === '+' ? pyComplex(l + right.real, 0 + right.imag) : pyComplex(l - right.real, 0 - right.imag);
        }
        throw malformed(node);
      }
      case 'unary':
        return convertSignedNum(node);
      case 'fstring':
        throw malformed(node);
    }
  };
  try {
    return conv(root);
  } catch (e) {
    if (e instanceof LiteralEvalError) throw e;
    if (e !== null && typeof e === 'object' && 'pythonName' in e && (e as { pythonName: string }).pythonName === 'TypeError') {
      throw new LiteralEvalError('TypeError', (e as unknown as Error).message);
    }
    throw e;
  }
}

/** Python encodes the source to UTF-8 first (lone surrogates fail) and refuses NUL. */
function checkSource(text: string): void {
  if (text.includes('\0')) throw new LiteralEvalError('ValueError', 'source code string cannot contain null bytes');
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
  if (lone) {
    throw new LiteralEvalError('UnicodeEncodeError', `'utf-8' codec can't encode character '\\u${lone[0].charCodeAt(0).toString(16)}': surrogates not allowed`, lone.index);
  }
}

/**
 * `ast.literal_eval(text)`. Returns the value in our model (int -> bigint,
 * float -> number, complex -> PyComplex, bytes -> PyBytes, `...` -> the
 * builtins.Ellipsis global); throws LiteralEvalError otherwise.
 */
export function literalEval(text: string, options: LiteralEvalOptions = {}): PyValue {
  const maxLength = options.maxLength ?? 1 << 20;
  if (text.length > maxLength) {
    throw new LiteralEvalError('MemoryError', `literal too long: ${text.length} characters (limit ${maxLength})`);
  }
  checkSource(text);
  // Python reads "\r\n" and "\r" in source text as "\n".
  const src = text.replace(/^[ \t]+/, '').replace(/\r\n?/g, '\n');
  const toks = new Tokenizer(src, options.maxDepth ?? 200, options.maxIntDigits ?? 4300).run();
  const tree = new Parser(toks).parseExpressionInput();
  try {
    return convert(tree);
  } catch (e) {
    // Python parses f-string content first; a SyntaxError there would win.
    if (e instanceof LiteralEvalError && e.certain && toks.some((tk) => tk.t === 'str' && tk.fstring)) {
      throw new LiteralEvalError(e.pythonName, e.message, e.offset, false);
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Call-argument lists: django-q2 parses schedule kwargs written as `x=1, y='a'`
// with `ast.parse(f"f({text})").body[0].value.keywords`.

export interface CallKeyword {
  /** null for `**expr`. */
  arg: string | null;
  /** literal_eval of the keyword's value, evaluated when called (Python evaluates them in order). */
  value: () => PyValue;
}

export interface CallKeywords {
  keywords: CallKeyword[];
  /** Positional arguments in order (`*expr` ones flagged), each evaluated with literal_eval when called. */
  positional: { starred: boolean; value: () => PyValue }[];
  /**
   * true when some argument is not in the literal subset we parse: Python
   * may find the whole text valid (non-literal arguments) or a SyntaxError.
   * Non-literal keyword values then throw ValueError (certain: false).
   */
  uncertain: boolean;
}

/**
 * Parse `text` as the inside of a call `f(text)`, as django-q2 does with
 * `ast.parse(f"f({text})").body[0].value.keywords`, and return the keyword
 * arguments in order. Throws LiteralEvalError (SyntaxError) when the text is
 * certainly not a valid argument list.
 */
export function parseCallKeywords(text: string, options: LiteralEvalOptions = {}): CallKeywords {
  const maxLength = options.maxLength ?? 1 << 20;
  if (text.length > maxLength) {
    throw new LiteralEvalError('MemoryError', `arguments too long: ${text.length} characters (limit ${maxLength})`);
  }
  // "f(" + text + ")": inside brackets newlines are free and indentation does
  // not matter; the text nests one level deeper.
  checkSource(text);
  const toks = new Tokenizer(`(${text.replace(/\r\n?/g, '\n')}\n)`, options.maxDepth ?? 200, options.maxIntDigits ?? 4300).run();
  const body = toks.slice(1, toks.length - 2);
  for (const tk of body) tk.pos -= 1;
  body.push({ t: 'end', pos: text.length });
  const p = new Parser(body);
  const keywords: CallKeyword[] = [];
  const positional: CallKeywords['positional'] = [];
  let uncertain = false;
  let sawKeyword = false;
  let sawDoubleStar = false;
  const tryExpr = (): Node | null => {
    const save = p.pos;
    try {
      const node = p.expr();
      const next = p.peekTok();
      if (next.t === 'end' || (next.t === 'op' && next.value === ',')) return node;
      // A complete literal followed by a name, number, string, '=' or ':' is never valid.
      if (next.t !== 'op' || next.value === '=' || next.value === ':') throw syntax('invalid syntax', next.pos);
    } catch (e) {
      if (!(e instanceof LiteralEvalError) || e.certain) throw e;
    }
    p.pos = save;
    p.skipArgument();
    uncertain = true;
    return null;
  };
  while (p.peekTok().t !== 'end') {
    const tok = p.peekTok();
    const next = p.peekTok(1);
    if (tok.t === 'name' && next.t === 'op' && next.value === '=') {
      if (KEYWORDS.has(tok.value) || tok.value === 'True' || tok.value === 'False' || tok.value === 'None') {
        throw syntax('expression cannot contain assignment, perhaps you meant "=="?', tok.pos);
      }
      p.pos += 2;
      const node = tryExpr();
      keywords.push({ arg: tok.value, value: node === null ? notLiteral(tok.pos) : deferred(node) });
      sawKeyword = true;
    } else if (tok.t === 'op' && tok.value === '**') {
      p.pos += 1;
      const node = tryExpr();
      keywords.push({ arg: null, value: node === null ? notLiteral(tok.pos) : deferred(node) });
      sawDoubleStar = true;
    } else if (tok.t === 'op' && tok.value === '*') {
      if (sawDoubleStar) throw syntax('iterable argument unpacking follows keyword argument unpacking', tok.pos);
      p.pos += 1;
      const node = tryExpr();
      positional.push({ starred: true, value: node === null ? notLiteral(tok.pos) : deferred(node) });
    } else {
      if (sawDoubleStar) throw syntax('positional argument follows keyword argument unpacking', tok.pos);
      if (sawKeyword) throw syntax('positional argument follows keyword argument', tok.pos);
      const node = tryExpr();
      positional.push({ starred: false, value: node === null ? notLiteral(tok.pos) : deferred(node) });
    }
    const sep = p.peekTok();
    if (sep.t === 'end') break;
    if (sep.t === 'op' && sep.value === ',') {
      p.pos += 1;
      if (p.peekTok().t === 'op' && (p.peekTok() as { value: string }).value === ',') throw syntax('invalid syntax', sep.pos);
      continue;
    }
    throw p.unexpected(sep);
  }
  return { keywords, positional, uncertain };
}

function deferred(node: Node): () => PyValue {
  return () => convert(node);
}

function notLiteral(pos: number): () => PyValue {
  return () => {
    throw new LiteralEvalError('ValueError', 'malformed node or string: keyword value is not a literal', pos, false);
  };
}
