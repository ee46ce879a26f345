// django-q2's get_func_repr(func) (django_q/utils.py), which OrmQ.func()
// applies to the pickled task's `func`:
//
//   if inspect.isfunction(func): f"{func.__module__}.{func.__name__}"
//   elif inspect.ismethod(func) and hasattr(func.__self__, "__name__"):
//       f"{func.__self__.__module__}.{func.__self__.__name__}.{func.__name__}"
//   else: str(func) if func else None
//
// A function's __name__ is the last part of its qualname (a staticmethod
// Reporter.helper gives "module.helper"); a classmethod is pickled as
// getattr(Reporter, 'summary') and gives "module.Reporter.summary".

import { classifyGlobal } from './globals.js';
import { pyStr } from './repr.js';
import { isTagged, lastSegment, type PyValue, pyTruthy } from './values.js';

export function funcRepr(func: PyValue): string | null {
  if (!pyTruthy(func)) return null;
  if (typeof func === 'string') return func;
  if (isTagged(func) && func.kind === 'global') {
    const kind = classifyGlobal(func);
    if (kind === 'function') return `${func.module}.${lastSegment(func.qualname)}`;
    if (kind === 'bound-method') {
      const owner = func.qualname.slice(0, func.qualname.lastIndexOf('.'));
      return `${func.module}.${lastSegment(owner)}.${lastSegment(func.qualname)}`;
    }
  }
  return pyStr(func);
}
