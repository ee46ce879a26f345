// src/djangoq/ owns django-q's stored formats: pickles, Django signing, Python repr()/str() — pure code, no I/O.
// Public API of the django-q codec: read and write what django-q stores in
// PostgreSQL (signed pickled payloads, picklefield columns), render values as
// Python's repr()/str(), and django-q's humanhash task names.

export * from './values.js';
export {
  BadSignature,
  PickleError,
  PickleLimitError,
  PicklingError,
  PickleUnsupportedError,
  PyReprError,
  PythonError,
  SignatureExpired,
  SignedValueError,
  UnpicklingError,
  pythonErrorName,
  type PickleErrorCode,
} from './errors.js';
export { unpickle, type UnpickleOptions } from './unpickler.js';
export { pickle, type PickleOptions } from './pickler.js';
export { pyRepr, pyStr, reprGlobal, type ReprOptions } from './repr.js';
export { reprFloat, reprStr, reprBytes } from './repr-scalars.js';
export { funcRepr } from './func-repr.js';
export {
  decodeSignedValue,
  deriveKey,
  dumpsJson,
  dumpsPickle,
  encodeSignedValue,
  loadsJson,
  loadsPickle,
  sign,
  signature,
  unsign,
  unsignUnverified,
  type DumpsOptions,
  type LoadsOptions,
  type SignOptions,
  type Unsigned,
  type UnsignOptions,
} from './signing.js';
export { b62Decode, b62Encode, djangoB64Decode, djangoB64Encode, stdB64Decode, stdB64Encode } from './base64.js';
export {
  decodeTaskPayload,
  encodeTaskPayload,
  loadTaskPayload,
  type DecodePayloadOptions,
  type EncodePayloadOptions,
  type TaskFields,
  type TaskPayloadResult,
} from './payload.js';
export { decodePickledField, encodePickledField, unwrapObject } from './picklefield.js';
export { humanize, humanUuid, uuid4hex } from './humanhash.js';
export { pyJsonDumps } from './py-json.js';
