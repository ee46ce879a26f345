/**
 * Django's `JsonResponse(data)` body: `json.dumps(data, cls=DjangoJSONEncoder)`
 * with Python's default separators `", "` and `": "` and `ensure_ascii` — not
 * DRF's compact UTF-8. InvenTree's plain Django views (InfoView) answer this way:
 * their operations carry `x-django-json-response` in the document, and a
 * handler's result says `renderer: 'django-json'` (operations.ts writeResult).
 */
import { pyJsonDumps } from '../djangoq/index.js';

export function renderDjangoJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderDjangoJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyJsonDumps(k)}: ${renderDjangoJson(v)}`)
      .join(', ')}}`;
  }
  return pyJsonDumps(value);
}
