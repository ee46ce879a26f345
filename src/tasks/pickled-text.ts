/**
 * Renders django-picklefield columns (`args`, `kwargs`, `result` of
 * django_q_task) as text. A column that does not decode is shown as stored,
 * which is what django-picklefield itself falls back to.
 */
import { decodePickledField, pyStr } from '../djangoq/index.js';

export function pickledText(stored: string | null): string | null {
  if (stored === null) return null;
  try {
    return pyStr(decodePickledField(stored));
  } catch {
    return stored;
  }
}
