// Global names in pickles (GLOBAL / STACK_GLOBAL / INST / getattr).
//
// Nothing is ever imported: a global is just a {module, qualname} reference.
// This file knows (a) the Python 2 -> 3 renames CPython applies to protocol
// 0-2 pickles (fix_imports), (b) the few globals that ARE plain values
// (builtins.None, datetime.timezone.utc, pytz.utc), (c) which names exist in
// the modules we fully know (so `builtins.nope` fails with AttributeError
// like CPython), and (d) what kind of object a reference probably is, which
// repr() and django-q2's get_func_repr need.

import { PythonError } from './errors.js';
import { lastSegment, PYTZ_UTC, type PyGlobal, type PyValue, pyGlobal, TIMEZONE_UTC } from './values.js';

/** Builtin exception classes of CPython 3.11 (`builtins` names that subclass BaseException). */
export const BUILTIN_EXCEPTIONS: ReadonlySet<string> = new Set(
  (
    'ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError ' +
    'BrokenPipeError BufferError BytesWarning ChildProcessError ConnectionAbortedError ConnectionError ' +
    'ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError EncodingWarning ' +
    'EnvironmentError Exception ExceptionGroup FileExistsError FileNotFoundError FloatingPointError ' +
    'FutureWarning GeneratorExit IOError ImportError ImportWarning IndentationError IndexError ' +
    'InterruptedError IsADirectoryError KeyError KeyboardInterrupt LookupError MemoryError ' +
    'ModuleNotFoundError NameError NotADirectoryError NotImplementedError OSError OverflowError ' +
    'PendingDeprecationWarning PermissionError ProcessLookupError RecursionError ReferenceError ' +
    'ResourceWarning RuntimeError RuntimeWarning StopAsyncIteration StopIteration SyntaxError ' +
    'SyntaxWarning SystemError SystemExit TabError TimeoutError TypeError UnboundLocalError ' +
    'UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning ' +
    'UserWarning ValueError Warning ZeroDivisionError'
  ).split(' '),
);

/** Builtin classes that are not exceptions. */
export const BUILTIN_TYPES: ReadonlySet<string> = new Set(
  (
    'bool bytearray bytes classmethod complex dict enumerate filter float frozenset int list map ' +
    'memoryview object property range reversed set slice staticmethod str super tuple type zip'
  ).split(' '),
);

const BUILTIN_OTHER: ReadonlySet<string> = new Set(
  (
    '__loader__ Ellipsis False None NotImplemented True __build_class__ __debug__ __doc__ __import__ ' +
    '__name__ __package__ __spec__ abs aiter all anext any ascii bin breakpoint callable chr compile ' +
    'copyright credits delattr dir divmod eval exec exit format getattr globals hasattr hash help hex ' +
    'id input isinstance issubclass iter len license locals max min next oct open ord pow print quit ' +
    'repr round setattr sorted sum vars'
  ).split(' '),
);

const DATETIME_NAMES: ReadonlySet<string> = new Set(
  'MAXYEAR MINYEAR UTC date datetime datetime_CAPI sys time timedelta timezone tzinfo'.split(' '),
);

/** Classes (by full dotted name) whose names do not start with a capital letter. */
const LOWERCASE_CLASSES: ReadonlySet<string> = new Set([
  'datetime.datetime',
  'datetime.date',
  'datetime.time',
  'datetime.timedelta',
  'datetime.timezone',
  'datetime.tzinfo',
  'collections.defaultdict',
  'collections.deque',
  'decimal.Decimal',
]);

// CPython's _compat_pickle, the entries that matter for data pickles.
const IMPORT_MAPPING: Readonly<Record<string, string>> = {
  __builtin__: 'builtins',
  copy_reg: 'copyreg',
  Queue: 'queue',
  SocketServer: 'socketserver',
  ConfigParser: 'configparser',
  repr: 'reprlib',
  cPickle: 'pickle',
  _elementtree: 'xml.etree.ElementTree',
  cStringIO: 'io',
  StringIO: 'io',
  UserDict: 'collections',
  UserList: 'collections',
  UserString: 'collections',
  urlparse: 'urllib.parse',
  httplib: 'http.client',
  thread: '_thread',
  whichdb: 'dbm',
  anydbm: 'dbm',
};

const NAME_MAPPING: Readonly<Record<string, readonly [string, string]>> = {
  '__builtin__.xrange': ['builtins', 'range'],
  '__builtin__.unicode': ['builtins', 'str'],
  '__builtin__.basestring': ['builtins', 'str'],
  '__builtin__.long': ['builtins', 'int'],
  '__builtin__.unichr': ['builtins', 'chr'],
  '__builtin__.raw_input': ['builtins', 'input'],
  '__builtin__.reduce': ['functools', 'reduce'],
  '__builtin__.intern': ['sys', 'intern'],
  '__builtin__.reload': ['importlib', 'reload'],
  '__builtin__.apply': ['builtins', 'apply'],
  'exceptions.StandardError': ['builtins', 'Exception'],
  'itertools.izip': ['builtins', 'zip'],
  'itertools.imap': ['builtins', 'map'],
  'itertools.ifilter': ['builtins', 'filter'],
  'itertools.ifilterfalse': ['itertools', 'filterfalse'],
  'itertools.izip_longest': ['itertools', 'zip_longest'],
  'UserDict.UserDict': ['collections', 'UserDict'],
  'UserDict.IterableUserDict': ['collections', 'UserDict'],
  'UserList.UserList': ['collections', 'UserList'],
  'UserString.UserString': ['collections', 'UserString'],
  'whichdb.whichdb': ['dbm', 'whichdb'],
  'socket._socketobject': ['socket', 'SocketType'],
};

/**
 * What `find_class(module, name)` gives: a PyGlobal reference, or a plain
 * value for the handful of globals that are values. `proto` is the pickle's
 * protocol (PROTO opcode; 0 without one): renames apply below 3.
 */
export function resolveGlobal(module: string, name: string, proto: number): PyValue {
  if (proto < 3) {
    const mapped = NAME_MAPPING[`${module}.${name}`];
    if (mapped) {
      module = mapped[0];
      name = mapped[1];
    } else if (module === 'exceptions') {
      module = 'builtins';
    } else {
      module = IMPORT_MAPPING[module] ?? module;
    }
  }
  return lookup(module, name, false);
}

/** `getattr(ref, attr)` where ref is a global reference: a deeper reference (or value). */
export function getattrGlobal(ref: PyGlobal, attr: string): PyValue {
  return lookup(ref.module, `${ref.qualname}.${attr}`, true);
}

function lookup(module: string, qualname: string, viaGetattr: boolean): PyValue {
  const first = qualname.split('.', 1)[0] as string;
  if (module === 'builtins') {
    if (!BUILTIN_EXCEPTIONS.has(first) && !BUILTIN_TYPES.has(first) && !BUILTIN_OTHER.has(first)) {
      throw noAttribute(module, qualname);
    }
    if (qualname === 'None') return null;
    if (qualname === 'True' || qualname === '__debug__') return true;
    if (qualname === 'False') return false;
  } else if (module === 'datetime') {
    if (!DATETIME_NAMES.has(first)) throw noAttribute(module, qualname);
    if (qualname === 'timezone.utc' || qualname === 'UTC') return TIMEZONE_UTC;
  } else if (module === 'pytz' && (qualname === 'utc' || qualname === 'UTC')) {
    return PYTZ_UTC;
  }
  return pyGlobal(module, qualname, viaGetattr);
}

function noAttribute(module: string, qualname: string): PythonError {
  const where = module === 'builtins' ? "<module 'builtins' (built-in)>" : `<module '${module}'>`;
  return new PythonError('AttributeError', `Can't get attribute '${qualname}' on ${where}`);
}

export type GlobalKind = 'class' | 'exception-class' | 'function' | 'builtin-function' | 'bound-method' | 'value';

/**
 * Best guess of what a reference points to (we never import it):
 * builtins are known exactly; a capitalised last segment or a known
 * lowercase class is a class; getattr(Class, name) is a bound method (how
 * Python 3.4+ pickles classmethods; protocols 0-3 also use it for a
 * staticmethod, which we then misname); anything else is a function.
 */
export function classifyGlobal(g: PyGlobal): GlobalKind {
  if (g.module === 'builtins' && !g.qualname.includes('.')) {
    if (BUILTIN_EXCEPTIONS.has(g.qualname)) return 'exception-class';
    if (BUILTIN_TYPES.has(g.qualname)) return 'class';
    if (g.qualname === 'Ellipsis' || g.qualname === 'NotImplemented') return 'value';
    return 'builtin-function';
  }
  const full = `${g.module}.${g.qualname}`;
  if (LOWERCASE_CLASSES.has(full)) return 'class';
  const last = lastSegment(g.qualname);
  // getattr(Outer, 'Inner') also names nested classes in protocols 0-3.
  if (/^_*[A-Z]/.test(last)) return looksLikeException(last) ? 'exception-class' : 'class';
  if (g.viaGetattr) return 'bound-method';
  return 'function';
}

/** Exception classes outside builtins are recognised by name (Django's DoesNotExist too). */
export function looksLikeException(name: string): boolean {
  return /(Error|Exception|Warning|Exit|Interrupt|DoesNotExist|MultipleObjectsReturned)$/.test(name);
}

/** The class `__name__` Python prints for an exception instance (builtins aliases resolved). */
export function exceptionTypeName(g: PyGlobal): string {
  const name = lastSegment(g.qualname);
  if (g.module === 'builtins' && (name === 'IOError' || name === 'EnvironmentError')) return 'OSError';
  return name;
}
