/**
 * Django's `JsonResponse(data)` body: `json.dumps(data, cls=DjangoJSONEncoder)`
 * with Python's default separators `", "` and `": "` and `ensure_ascii` — not
 * DRF's compact UTF-8. InvenTree's plain Django views (InfoView) answer this way.
 * A handler marks its request; the common writer then renders with this.
 */
import type { FastifyRequest } from 'fastify';
import { pyJsonDumps } from '../djangoq/index.js';

const marked = new WeakSet<FastifyRequest>();

/** This request's JSON body is rendered as Django's JsonResponse does. */
export function useDjangoJsonResponse(request: FastifyRequest): void {
  marked.add(request);
}

export function usesDjangoJsonResponse(request: FastifyRequest): boolean {
  return marked.has(request);
}

export function renderDjangoJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderDjangoJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${pyJsonDumps(k)}: ${renderDjangoJson(v)}`)
      .join(', ')}}`;
  }
  return pyJsonDumps(value);
}
