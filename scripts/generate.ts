/**
 * `npm run generate`: derives everything in generated/ from
 * openapi/background-task.yaml.
 *
 *   generated/openapi.ts     — schema and operation types (openapi-typescript)
 *   generated/operations.ts  — the route-binding table: one entry per
 *                              operationId with its method, path (and the
 *                              Fastify route it binds to), raw path and query
 *                              parameters, request body, and every response
 *                              status with its body type, plus the
 *                              `OperationHandlers` interface our handlers must
 *                              implement (a missing, misnamed or wrongly shaped
 *                              handler is a compile error).
 *
 * `--out DIR` writes elsewhere (used by `npm run check` to detect drift);
 * `--spec FILE` reads another document (test/http/templated-path.test.ts
 * generates from a throwaway one).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argValue = (flag: string): string | undefined => {
  const index = process.argv.indexOf(flag);
  return index > 0 ? resolve(process.argv[index + 1] ?? '') : undefined;
};
const specPath = argValue('--spec') ?? join(root, 'openapi/background-task.yaml');
const outDir = argValue('--out') ?? join(root, 'generated');

const HEADER = `/**
 * GENERATED FILE — DO NOT EDIT.
 * Source: openapi/background-task.yaml. Regenerate with \`npm run generate\`;
 * \`npm run check\` fails when this file and the document disagree.
 */
`;

interface Spec {
  paths: Record<string, Record<string, OperationObject>>;
}
interface OperationObject {
  operationId: string;
  description?: string;
  parameters?: ParameterObject[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}

interface ParameterObject {
  $ref?: string;
  name?: string;
  in?: 'query' | 'path' | 'header' | 'cookie';
  schema?: { type?: string };
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const spec = parse(readFileSync(specPath, 'utf8')) as Spec & {
  components: { parameters?: Record<string, ParameterObject>; responses?: Record<string, { content?: unknown }> };
};

function resolveParameter(p: ParameterObject): ParameterObject & { name: string } {
  const param = p.$ref ? spec.components.parameters?.[p.$ref.split('/').pop() ?? ''] : p;
  if (!param?.name) throw new Error(`unresolved parameter ${p.$ref ?? JSON.stringify(p)}`);
  return param as ParameterObject & { name: string };
}

/**
 * The Fastify route of a document path. A path parameter typed integer
 * matches only ASCII digits, as Django's `<int:pk>` converter (`[0-9]+`)
 * does, so `/…/abc/` falls through to the API catch-all 404 before any
 * authentication, as it does in InvenTree; any other parameter is one
 * non-empty segment (Django's `<str:…>`).
 */
function fastifyRoute(path: string, params: Array<ParameterObject & { name: string }>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const param = params.find((p) => p.name === name);
    if (!param) throw new Error(`${path}: path parameter {${name}} is not declared`);
    return param.schema?.type === 'integer' ? `:${name}(^[0-9]+$)` : `:${name}`;
  });
}

function hasJsonBody(response: { $ref?: string; content?: Record<string, unknown> }): boolean {
  if (response.$ref) {
    const key = response.$ref.split('/').pop() ?? '';
    return Boolean((spec.components.responses?.[key]?.content as Record<string, unknown> | undefined)?.['application/json']);
  }
  return Boolean(response.content?.['application/json']);
}

function pascal(id: string): string {
  return id.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
}

function operationsFile(): string {
  type Param = ParameterObject & { name: string };
  const ops: Array<{ id: string; method: string; path: string; route: string; op: OperationObject; query: Param[]; params: Param[] }> = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    // Path-item parameters apply to every operation of the path.
    const shared = ((item as { parameters?: ParameterObject[] }).parameters ?? []).map(resolveParameter);
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      // `x-served-by`: a route outside the operation table (a stream), registered by that module.
      if ((op as { 'x-served-by'?: string })['x-served-by']) continue;
      const own = (op.parameters ?? []).map(resolveParameter);
      const all = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const params = all.filter((p) => p.in === 'path');
      const query = all.filter((p) => p.in === 'query');
      const route = fastifyRoute(path, params);
      ops.push({ id: op.operationId, method: method.toUpperCase(), path, route, op, query, params });
    }
  }
  ops.sort((a, b) => a.id.localeCompare(b.id));

  const lines: string[] = [HEADER, "import type { operations } from './openapi.js';", ''];
  lines.push(
    '/** A JSON array produced row by row (the unpaginated lists), never held in memory at once. */',
    'export interface StreamedArray<T> {',
    "  readonly kind: 'streamed-array';",
    '  readonly items: AsyncIterable<T>;',
    '}',
    '',
    '/** A paginated page whose `results` are produced row by row (large pages), never held in memory at once. */',
    'export interface StreamedPage<T> {',
    "  readonly kind: 'streamed-page';",
    '  readonly count: number;',
    '  readonly next: string | null;',
    '  readonly previous: string | null;',
    '  readonly results: AsyncIterable<T>;',
    '}',
    '',
    '/** Array bodies and paginated pages, for responses that may be streamed. */',
    'type Streamable<B> =',
    '  | B',
    '  | (B extends ReadonlyArray<infer T> ? StreamedArray<T> : never)',
    '  | (B extends { results: ReadonlyArray<infer T> } ? StreamedPage<T> : never);',
    '',
    '/** How an operation is bound: its method, document path, Fastify route, and whether it takes a body. */',
    'export interface OperationRouting {',
    '  readonly method: string;',
    '  readonly path: string;',
    '  readonly route: string;',
    '  readonly hasBody: boolean;',
    '}',
    '',
  );

  for (const { id, method, path, op, query, params } of ops) {
    const name = pascal(id);
    lines.push(`/** ${method} ${path} — ${(op.description ?? '').split('\n')[0]} */`);
    lines.push(`export interface ${name}Operation {`);
    lines.push(`  operationId: '${id}';`);
    lines.push(`  method: '${method}';`);
    lines.push(`  path: '${path}';`);
    lines.push(
      '  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */',
      `  query: {${query.map((q) => ` ${q.name}?: string | string[];`).join('')}${query.length ? ' ' : ''}};`,
      '  /** Path parameters as matched (integers: ASCII digits only, unbounded); handlers parse them. */',
      `  params: {${params.map((p) => ` ${p.name}: string;`).join('')}${params.length ? ' ' : ''}};`,
    );
    if (op.requestBody) {
      const media = Object.keys(op.requestBody.content);
      lines.push(
        `  /** Parsed request body (${media.join(', ')}), unvalidated: its schema is`,
        `   *  operations['${id}']['requestBody'], enforced by the handler with InvenTree's messages. */`,
        '  body: unknown;',
      );
    } else lines.push('  body: undefined;');
    lines.push('  result:');
    // `x-django-json-response`: a plain Django view (JsonResponse), which the
    // handler may ask for per result (InfoView in the InvenTree profile).
    const renderer = (op as { 'x-django-json-response'?: boolean })['x-django-json-response'] ? "; renderer?: 'django-json'" : '';
    const statuses = Object.keys(op.responses).sort();
    for (const status of statuses) {
      const response = op.responses[status];
      if (!response) continue;
      const body = hasJsonBody(response)
        ? status === '200'
          ? `Streamable<operations['${id}']['responses'][${status}]['content']['application/json']>`
          : `operations['${id}']['responses'][${status}]['content']['application/json']`
        : 'undefined';
      lines.push(`    | { status: ${status}; body: ${body}${status === '200' ? renderer : ''} }`);
    }
    lines[lines.length - 1] += ';';
    lines.push('}', '');
  }

  lines.push('/** Every operation of the document, by operationId. */');
  lines.push('export interface Operations {');
  for (const { id } of ops) lines.push(`  ${id}: ${pascal(id)}Operation;`);
  lines.push('}', '', 'export type OperationId = keyof Operations;', '');
  lines.push(
    '/**',
    ' * Routing facts of each operation, for registration checks and 405 handling:',
    ' * `path` as the document writes it, `route` as Fastify binds it.',
    ' */',
  );
  lines.push('export const OPERATIONS = {');
  for (const { id, method, path, route, op } of ops) {
    lines.push(`  ${id}: { method: '${method}', path: '${path}', route: '${route}', hasBody: ${Boolean(op.requestBody)} },`);
  }
  lines.push('} as const satisfies Record<OperationId, OperationRouting>;', '');
  lines.push('/** What a handler receives: the request context with raw query and path parameters, and the parsed body. */');
  lines.push('export interface HandlerInput<Id extends OperationId, Ctx> {');
  lines.push("  query: Operations[Id]['query'];");
  lines.push("  params: Operations[Id]['params'];");
  lines.push("  body: Operations[Id]['body'];");
  lines.push('  context: Ctx;');
  lines.push('}', '');
  lines.push('/** The handlers the server needs: one per operationId, each returning a documented status and body. */');
  lines.push('export type OperationHandlers<Ctx> = {');
  lines.push("  [Id in OperationId]: (input: HandlerInput<Id, Ctx>) => Promise<Operations[Id]['result']>;");
  lines.push('};', '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const ast = await openapiTS(new URL(`file://${specPath}`), { alphabetize: false, exportType: false });
  writeFileSync(join(outDir, 'openapi.ts'), `${HEADER}${astToString(ast)}`);
  writeFileSync(join(outDir, 'operations.ts'), operationsFile());
}

main().catch((err: unknown) => {
  console.error(`generate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
