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
export {
  literalEval,
  LiteralEvalError,
  parseCallKeywords,
  type CallKeyword,
  type CallKeywords,
  type LiteralEvalOptions,
} from './literal-eval.js';
export {
  checkSchedule,
  instantToWall,
  isoFromMicros,
  isScheduleType,
  microsFromDate,
  microsFromIso,
  nextFutureRun,
  nextOccurrences,
  nextRun,
  SCHEDULE_TYPE_NAMES,
  ScheduleError,
  type Micros,
  type ScheduleErrorCode,
  type ScheduleTiming,
  type ScheduleType,
  type SchedulerConfig,
  wallToInstant,
} from './schedule.js';
export { cronExpand, cronNext, CroniterError, isValidCron, type CronExpansion } from './croniter.js';
export {
  asyncTask,
  EnqueueError,
  enqueueResubmit,
  enqueueSchedule,
  isoformatNextRun,
  parseScheduleArgs,
  resubmitCall,
  SCHEDULER_BROKER,
  scheduleCall,
  type AsyncTaskConfig,
  type EnqueueRefusal,
  type Kwargs,
  type ScheduleCallConfig,
  type ScheduleRow,
  type TaskCall,
  type TaskPackage,
  type TaskRow,
} from './enqueue.js';
export { parseFailure, type ParsedFailure, type TracebackException, type TracebackFrame } from './traceback.js';
export type { Zone, ZoneKind } from './zone.js';
