// Exception instances found in pickles (BaseException.__reduce__ gives
// REDUCE(cls, args[, __dict__])). They stay inert PyObjects; this file
// recognises them and reproduces what BaseException / KeyError / OSError
// make of their args, for repr() and str().

import { BUILTIN_EXCEPTIONS, exceptionTypeName, looksLikeException } from './globals.js';
import { isTagged, lastSegment, type PyObject, type PyValue } from './values.js';

/** OSError subclasses by errno (Linux values), as OSError.__new__ maps them. */
const ERRNO_CLASSES: ReadonlyMap<bigint, string> = new Map([
  [11n, 'BlockingIOError'],
  [114n, 'BlockingIOError'],
  [115n, 'BlockingIOError'],
  [10n, 'ChildProcessError'],
  [32n, 'BrokenPipeError'],
  [108n, 'BrokenPipeError'],
  [103n, 'ConnectionAbortedError'],
  [111n, 'ConnectionRefusedError'],
  [104n, 'ConnectionResetError'],
  [17n, 'FileExistsError'],
  [2n, 'FileNotFoundError'],
  [21n, 'IsADirectoryError'],
  [20n, 'NotADirectoryError'],
  [4n, 'InterruptedError'],
  [13n, 'PermissionError'],
  [1n, 'PermissionError'],
  [3n, 'ProcessLookupError'],
  [110n, 'TimeoutError'],
]);

const OS_ERRORS: ReadonlySet<string> = new Set([
  'OSError',
  'IOError',
  'EnvironmentError',
  'BlockingIOError',
  'ChildProcessError',
  'ConnectionError',
  'BrokenPipeError',
  'ConnectionAbortedError',
  'ConnectionRefusedError',
  'ConnectionResetError',
  'FileExistsError',
  'FileNotFoundError',
  'InterruptedError',
  'IsADirectoryError',
  'NotADirectoryError',
  'PermissionError',
  'ProcessLookupError',
  'TimeoutError',
]);

export interface ExceptionView {
  /** type(e).__name__ */
  name: string;
  /** e.args as Python keeps it (OSError drops filename/winerror/filename2). */
  args: PyValue[];
  kind: 'generic' | 'key' | 'os';
  errno?: PyValue;
  strerror?: PyValue;
  filename?: PyValue;
  filename2?: PyValue;
}

/** An exception view if `o` looks like an exception instance, else null. */
export function asException(o: PyObject): ExceptionView | null {
  const cls = o.cls;
  if (!isTagged(cls) || cls.kind !== 'global' || o.via === 'newobj_ex') return null;
  const builtin = cls.module === 'builtins' && BUILTIN_EXCEPTIONS.has(cls.qualname);
  if (!builtin && !looksLikeException(lastSegment(cls.qualname))) return null;
  let name = exceptionTypeName(cls);
  const args = o.args;
  if (builtin && OS_ERRORS.has(cls.qualname) && args.length >= 2 && args.length <= 5) {
    if (name === 'OSError' && typeof args[0] === 'bigint') name = ERRNO_CLASSES.get(args[0]) ?? name;
    const filename = args[2];
    const hasFile = filename !== undefined && filename !== null;
    return {
      name,
      args: hasFile ? args.slice(0, 2) : args,
      kind: 'os',
      errno: args[0],
      strerror: args[1],
      filename: hasFile ? filename : undefined,
      filename2: args.length >= 5 && args[4] !== null ? args[4] : undefined,
    };
  }
  if (builtin && name === 'KeyError') return { name, args, kind: 'key' };
  return { name, args, kind: 'generic' };
}
