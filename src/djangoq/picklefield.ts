// django-picklefield columns (django_q_task.args / kwargs / result):
// base64.b64encode(pickle.dumps(value, protocol=-1)), standard alphabet with
// padding, no compression. Callables are stored wrapped in
// picklefield.fields._ObjectWrapper (a __slots__ object: NEWOBJ + BUILD
// (None, {'_obj': value})) and unwrapped on read.

import { stdB64Decode, stdB64Encode } from './base64.js';
import { pickle } from './pickler.js';
import { type UnpickleOptions, unpickle } from './unpickler.js';
import { isTagged, type PyObject, type PyValue } from './values.js';

const WRAPPER_MODULE = 'picklefield.fields';
const WRAPPER_CLASS = '_ObjectWrapper';

/** dbsafe_decode + to_python's unwrap. Throws (with pythonName) when the text is not a pickle. */
export function decodePickledField(base64text: string, options?: UnpickleOptions): PyValue {
  const value = unpickle(stdB64Decode(base64text), options);
  return unwrapObject(value);
}

/** dbsafe_encode(wrap_conflictual_object(value)). */
export function encodePickledField(value: PyValue): string {
  return stdB64Encode(pickle(wrapIfCallable(value)));
}

function isWrapper(v: PyValue): v is PyObject {
  return (
    isTagged(v) &&
    v.kind === 'object' &&
    isTagged(v.cls) &&
    v.cls.kind === 'global' &&
    v.cls.module === WRAPPER_MODULE &&
    v.cls.qualname === WRAPPER_CLASS
  );
}

/** `value._obj` of an _ObjectWrapper (slot state (None, {'_obj': v}) or a plain dict state). */
export function unwrapObject(v: PyValue): PyValue {
  if (!isWrapper(v)) return v;
  let slots: PyValue | undefined = v.state;
  if (isTagged(slots ?? null) && (slots as { kind: string }).kind === 'tuple') {
    const items = (slots as { items: PyValue[] }).items;
    slots = items[1];
  }
  if (isTagged(slots ?? null) && (slots as { kind: string }).kind === 'dict') {
    for (const [k, x] of (slots as { entries: [PyValue, PyValue][] }).entries) if (k === '_obj') return x;
  }
  return v;
}

/** picklefield wraps callables (and model instances, which we cannot recognise) before pickling. */
function wrapIfCallable(v: PyValue): PyValue {
  if (!isTagged(v) || v.kind !== 'global') return v;
  return {
    kind: 'object',
    cls: { kind: 'global', module: WRAPPER_MODULE, qualname: WRAPPER_CLASS },
    args: [],
    kwargs: null,
    via: 'newobj',
    state: { kind: 'tuple', items: [null, { kind: 'dict', entries: [['_obj', v]] }] },
    listItems: [],
    dictItems: [],
    setItems: [],
  };
}
