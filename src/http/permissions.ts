/**
 * Which DRF permission class guards each endpoint. The document says it per
 * operation with `x-permission` (`IsAuthenticated`, `AllowAny`); without it,
 * an operation has InvenTree's background-task rule, `IsAdminUser` (staff).
 * DRF decides per view, i.e. per path: every method of a path (its 405s and
 * OPTIONS too) gets the permission of the path's operations.
 */
export type Permission = 'IsAdminUser' | 'IsAuthenticated' | 'AllowAny';

const KNOWN = new Set<Permission>(['IsAdminUser', 'IsAuthenticated', 'AllowAny']);

interface SpecLike {
  paths?: Record<string, Record<string, unknown>>;
}

export function pathPermissions(spec: SpecLike): Map<string, Permission> {
  const out = new Map<string, Permission>();
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const op of Object.values(item)) {
      if (!op || typeof op !== 'object' || !('operationId' in op)) continue;
      const declared = (op as { 'x-permission'?: unknown })['x-permission'] ?? 'IsAdminUser';
      if (!KNOWN.has(declared as Permission)) throw new Error(`${path}: unknown x-permission ${String(declared)}`);
      const previous = out.get(path);
      if (previous && previous !== declared) throw new Error(`${path}: operations disagree on x-permission`);
      out.set(path, declared as Permission);
    }
  }
  return out;
}
