/**
 * Renders django-picklefield columns (`args`, `kwargs`, `result` of
 * django_q_task) as text. A column that does not decode is shown as stored,
 * which is what django-picklefield itself falls back to.
 */
import { decodePickledField, pyStr } from '../djangoq/index.js';
import { DecodedCache } from './decoded-cache.js';

function decodeText(stored: string): string {
  try {
    return pyStr(decodePickledField(stored));
  } catch {
    return stored;
  }
}

/**
 * The same stored pickles come back on every poll of a page: decode each once.
 * 2M characters (a few MB) hold thousands of rows' args, kwargs and results,
 * and keep an unpaginated stream of a million rows within its memory budget.
 */
const texts = new DecodedCache<string>(2_000_000);

export function pickledText(stored: string | null): string | null {
  if (stored === null) return null;
  return texts.get(stored, decodeText, (text) => text.length);
}
