/**
 * Path ids of the detail routes. The generated routes already admit only
 * ASCII digits for integer ids; what is left is the range: an id beyond
 * PostgreSQL's bigint (or a task id longer than the varchar(32) column)
 * cannot name a row, so it is a 404 without a query (a bigint cast of it
 * would be a database error, i.e. a 500).
 */
import { detailError } from '../../http/errors.js';
import { isInt8 } from '../integers.js';

/** DRF's NotFound, as InvenTree's detail views answer an unknown pk. */
export const notFoundDetail = () => detailError(404, 'Not found.');

export function rowId(text: string): string {
  if (!/^[0-9]+$/.test(text) || !isInt8(BigInt(text))) throw notFoundDetail();
  return String(BigInt(text));
}

/** django_q_task.id is varchar(32). */
export function taskId(text: string): string {
  if (!fitsTaskId(text)) throw notFoundDetail();
  return text;
}

/** Whether `text` could be a django_q_task.id: 1-32 characters, no NUL (PostgreSQL text cannot hold one). */
export function fitsTaskId(text: string): boolean {
  if (text.length === 0 || text.includes('\u0000')) return false;
  let chars = 0;
  for (const _ of text) if (++chars > 32) return false;
  return true;
}
