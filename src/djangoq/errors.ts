// Typed errors of the django-q codec.
//
// Every failure carries two names:
//  * `code`: a stable machine-readable reason for our own callers and tests;
//  * `pythonName`: the class name of the exception CPython would raise for the
//    same input (e.g. `EOFError` for an empty pickle, `BadSignature` for a bad
//    HMAC). django-q2's `OrmQ.task` shows a broken payload as
//    `{"id": "*" + e.__class__.__name__}`, so the pending list needs that name.
//    Where CPython would NOT fail (our hard limits, constructs we refuse to
//    emulate) the name is the closest honest one (`MemoryError`,
//    `UnpicklingError`) and `code` says what really happened.

export type PickleErrorCode =
  /** Input ended where an opcode was expected (CPython: EOFError "Ran out of input"). */
  | 'EOF'
  /** An opcode's argument runs past the end of the input (UnpicklingError "pickle data was truncated"). */
  | 'TRUNCATED'
  /** Unknown opcode byte (UnpicklingError "invalid load key"). */
  | 'BAD_OPCODE'
  /** PROTO > 5 (ValueError "unsupported pickle protocol"). */
  | 'BAD_PROTOCOL'
  /** Pop from an empty stack / missing MARK (UnpicklingError). */
  | 'STACK_UNDERFLOW'
  /** GET of a memo slot never PUT (UnpicklingError "Memo value not found"). */
  | 'MEMO_MISSING'
  /** Malformed opcode argument (unquoted STRING, bad INT text, bad UTF-8, ...). */
  | 'BAD_ARGUMENT'
  /** Feature that needs outside help in CPython too: persistent ids, extension registry, out-of-band buffers. */
  | 'UNSUPPORTED'
  /** A hard limit of ours (input size, memo, stack, nodes, big-int digits, output length, depth). */
  | 'LIMIT'
  /** CPython would raise this Python exception while building the value (TypeError, ValueError, ...). */
  | 'PYTHON';

export class PickleError extends Error {
  readonly code: PickleErrorCode;
  readonly pythonName: string;
  constructor(message: string, code: PickleErrorCode, pythonName: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.pythonName = pythonName;
  }
}

/** Malformed pickle stream: what CPython reports as UnpicklingError / EOFError / ValueError. */
export class UnpicklingError extends PickleError {}

/** One of the hard limits protecting the service from hostile input. */
export class PickleLimitError extends PickleError {
  constructor(message: string) {
    super(message, 'LIMIT', 'MemoryError');
  }
}

/** A valid pickle that needs something CPython also lacks by default (persistent_load, copyreg extensions, buffers). */
export class PickleUnsupportedError extends PickleError {}

/** A Python exception that CPython would raise while "calling" an allow-listed constructor or applying an opcode. */
export class PythonError extends PickleError {
  constructor(pythonName: string, message: string) {
    super(message, 'PYTHON', pythonName);
  }
}

/** Django's `django.core.signing.BadSignature` (also used for a missing separator). */
export class BadSignature extends Error {
  readonly pythonName: string = 'BadSignature';
  constructor(message: string) {
    super(message);
    this.name = 'BadSignature';
  }
}

/** Django's `SignatureExpired` (a BadSignature subclass in Django too). */
export class SignatureExpired extends BadSignature {
  override readonly pythonName: string = 'SignatureExpired';
  constructor(message: string) {
    super(message);
    this.name = 'SignatureExpired';
  }
}

/**
 * Failure after the signature check while decoding the signed value: base64
 * (`binascii.Error`, whose class name is `Error`), zlib (`zlib.error`, class
 * name `error`), base62 timestamp (`ValueError`), JSON, or our size limits.
 */
export class SignedValueError extends Error {
  readonly pythonName: string;
  constructor(pythonName: string, message: string) {
    super(message);
    this.name = 'SignedValueError';
    this.pythonName = pythonName;
  }
}

/** repr()/str() could not be produced: too deep (RecursionError) or too long (MemoryError). */
export class PyReprError extends Error {
  readonly pythonName: string;
  constructor(pythonName: string, message: string) {
    super(message);
    this.name = 'PyReprError';
    this.pythonName = pythonName;
  }
}

/** The value model cannot be pickled (cycle through an immutable, bad field values, limits). */
export class PicklingError extends Error {
  readonly pythonName: string;
  constructor(message: string, pythonName = 'PicklingError') {
    super(message);
    this.name = 'PicklingError';
    this.pythonName = pythonName;
  }
}

/** Python exception class name for any error thrown by this module (or a generic fallback). */
export function pythonErrorName(err: unknown): string {
  if (err !== null && typeof err === 'object' && 'pythonName' in err) {
    const n = (err as { pythonName: unknown }).pythonName;
    if (typeof n === 'string' && n !== '') return n;
  }
  if (err instanceof RangeError) return 'MemoryError';
  return 'Exception';
}
