// django_q_ormq.payload: a Django-signed pickle of the task dict
// (django_q/signing.py SignedPackage), decoded the way django-q2's OrmQ and
// InvenTree's PendingTaskSerializer render it:
//
//   task = SignedPackage.loads(payload)      # any exception -> {"id": "*" + type(e).__name__}
//   task_id = task.get("id"), name = task.get("name"), args = task.get("args"),
//   kwargs = task.get("kwargs")              # each shown with DRF CharField: str(value), None -> null
//   func = get_func_repr(task.get("func"))

import { pythonErrorName } from './errors.js';
import { funcRepr } from './func-repr.js';
import { pyStr } from './repr.js';
import { decodeSignedValue, dumpsPickle, unsign, unsignUnverified } from './signing.js';
import { type UnpickleOptions, unpickle } from './unpickler.js';
import { dictGet, isTagged, type PyValue } from './values.js';

export interface TaskFields {
  id: string | null;
  name: string | null;
  func: string | null;
  args: string | null;
  kwargs: string | null;
}

export type TaskPayloadResult =
  | { ok: true; verified: boolean; task: TaskFields }
  | { ok: false; errorName: string };

export interface DecodePayloadOptions {
  /** SECRET_KEY, then fallbacks. */
  keys: string[];
  /** Q_CLUSTER['name'] (InvenTree: 'InvenTree'). */
  salt: string;
  /** false when no SECRET_KEY is configured: decode without checking the HMAC (verified: false). */
  verify: boolean;
  /** Limits for the unpickler (defaults suit payloads). */
  unpickle?: UnpickleOptions;
}

/** The unpickled task dict, or throws (BadSignature, UnpicklingError, ... with a pythonName). */
export function loadTaskPayload(payload: string, opts: DecodePayloadOptions): PyValue {
  const u = opts.verify ? unsign(payload, { keys: opts.keys, salt: opts.salt }) : unsignUnverified(payload);
  return unpickle(decodeSignedValue(u.value), opts.unpickle);
}

/**
 * Decode one pending-task payload into the strings InvenTree shows. Failures
 * give the Python exception name django-q2 would put in `"*" + name`. A task
 * that is not a dict (OrmQ would raise AttributeError on .get) and values
 * whose str() Python could not produce either (RecursionError, ValueError for
 * > 4300-digit ints) also come back as {ok: false} with that name.
 */
export function decodeTaskPayload(payload: string, opts: DecodePayloadOptions): TaskPayloadResult {
  try {
    const task = loadTaskPayload(payload, opts);
    if (!isTagged(task) || task.kind !== 'dict') return { ok: false, errorName: 'AttributeError' };
    const field = (key: string): string | null => {
      const v = dictGet(task, key);
      return v === undefined || v === null ? null : pyStr(v);
    };
    return {
      ok: true,
      verified: opts.verify,
      task: {
        id: field('id'),
        name: field('name'),
        func: funcRepr(dictGet(task, 'func') ?? null),
        args: field('args'),
        kwargs: field('kwargs'),
      },
    };
  } catch (e) {
    return { ok: false, errorName: pythonErrorName(e) };
  }
}

export interface EncodePayloadOptions {
  key: string;
  salt: string;
  /** Seconds since the epoch (default now). */
  timestamp?: number;
  /** Q_CLUSTER['compress'] (default false, as InvenTree). */
  compress?: boolean;
}

/** SignedPackage.dumps(task): what async_task writes into django_q_ormq.payload. */
export function encodeTaskPayload(task: PyValue, opts: EncodePayloadOptions): string {
  return dumpsPickle(task, opts);
}
