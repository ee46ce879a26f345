/**
 * The part of an OpenAPI document a process serves: operations carrying a
 * tag that is switched off (`extensions` with API_COMPAT=inventree) are
 * dropped, so their paths are not routed at all and answer the API
 * catch-all 404, exactly as InvenTree 0.15 does.
 */
import type { OperationRouting } from '../../generated/operations.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Spec = Record<string, unknown> & { paths?: Record<string, Record<string, unknown>> };

export function withoutTags(spec: Spec, tags: readonly string[]): Spec {
  if (tags.length === 0) return spec;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    const kept = Object.fromEntries(
      Object.entries(item).filter(([method, op]) => {
        if (!METHODS.includes(method)) return true;
        const opTags = (op as { tags?: string[] }).tags ?? [];
        return !opTags.some((t) => tags.includes(t));
      }),
    );
    if (Object.keys(kept).some((k) => METHODS.includes(k))) paths[path] = kept;
  }
  return { ...spec, paths };
}

/** The entries of an operation table whose operation the (filtered) document still has. */
export function servedOperations<T extends Readonly<Record<string, OperationRouting>>>(operations: T, spec: Spec): Partial<T> {
  return Object.fromEntries(
    Object.entries(operations).filter(([, op]) => Boolean(spec.paths?.[op.path]?.[op.method.toLowerCase()])),
  ) as Partial<T>;
}
