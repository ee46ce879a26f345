/**
 * `npm run generate`: derives everything in generated/ from
 * openapi/background-task.yaml.
 *
 *   generated/openapi.ts     — schema and operation types (openapi-typescript)
 *   generated/operations.ts  — the route-binding table: one entry per
 *                              operationId with its method, path, raw query
 *                              parameter names, request body, and every
 *                              response status with its body type, plus the
 *                              `OperationHandlers` interface our handlers must
 *                              implement (a missing, misnamed or wrongly shaped
 *                              handler is a compile error).
 *
 * `--out DIR` writes elsewhere (used by `npm run check` to detect drift).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = join(root, 'openapi/background-task.yaml');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : join(root, 'generated');

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
  parameters?: Array<{ $ref?: string; name?: string }>;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const spec = parse(readFileSync(specPath, 'utf8')) as Spec & { components: { parameters: Record<string, { name: string }>; responses: Record<string, { content?: unknown }> } };

function parameterName(p: { $ref?: string; name?: string }): string {
  if (p.name) return p.name;
  const key = p.$ref?.split('/').pop() ?? '';
  const param = spec.components.parameters[key];
  if (!param) throw new Error(`unresolved parameter ${p.$ref}`);
  return param.name;
}

function hasJsonBody(response: { $ref?: string; content?: Record<string, unknown> }): boolean {
  if (response.$ref) {
    const key = response.$ref.split('/').pop() ?? '';
    return Boolean((spec.components.responses[key]?.content as Record<string, unknown> | undefined)?.['application/json']);
  }
  return Boolean(response.content?.['application/json']);
}

function pascal(id: string): string {
  return id.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
}

function operationsFile(): string {
  const ops: Array<{ id: string; method: string; path: string; op: OperationObject }> = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      // `x-served-by`: a route outside the operation table (a stream), registered by that module.
      if (HTTP_METHODS.includes(method) && !(op as { 'x-served-by'?: string })['x-served-by']) ops.push({ id: op.operationId, method: method.toUpperCase(), path, op });
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
    '/** Elements of an array type, for responses that may be streamed. */',
    'type Streamable<B> = B | (B extends ReadonlyArray<infer T> ? StreamedArray<T> : never);',
    '',
  );

  for (const { id, method, path, op } of ops) {
    const name = pascal(id);
    const query = (op.parameters ?? []).map(parameterName);
    lines.push(`/** ${method} ${path} — ${(op.description ?? '').split('\n')[0]} */`);
    lines.push(`export interface ${name}Operation {`);
    lines.push(`  operationId: '${id}';`);
    lines.push(`  method: '${method}';`);
    lines.push(`  path: '${path}';`);
    lines.push(
      '  /** Raw query values as sent; handlers parse them the way InvenTree (Python/DRF) does. */',
      `  query: {${query.map((q) => ` ${q}?: string | string[];`).join('')}${query.length ? ' ' : ''}};`,
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
    const statuses = Object.keys(op.responses).sort();
    for (const status of statuses) {
      const response = op.responses[status];
      if (!response) continue;
      const body = hasJsonBody(response)
        ? status === '200'
          ? `Streamable<operations['${id}']['responses'][${status}]['content']['application/json']>`
          : `operations['${id}']['responses'][${status}]['content']['application/json']`
        : 'undefined';
      lines.push(`    | { status: ${status}; body: ${body} }`);
    }
    lines[lines.length - 1] += ';';
    lines.push('}', '');
  }

  lines.push('/** Every operation of the document, by operationId. */');
  lines.push('export interface Operations {');
  for (const { id } of ops) lines.push(`  ${id}: ${pascal(id)}Operation;`);
  lines.push('}', '', 'export type OperationId = keyof Operations;', '');
  lines.push('/** Routing facts of each operation, for registration checks and 405 handling. */');
  lines.push('export const OPERATIONS = {');
  for (const { id, method, path, op } of ops) {
    lines.push(`  ${id}: { method: '${method}', path: '${path}', hasBody: ${Boolean(op.requestBody)} },`);
  }
  lines.push('} as const satisfies Record<OperationId, { method: string; path: string; hasBody: boolean }>;', '');
  lines.push('/** What a handler receives: the request context with raw query and parsed body. */');
  lines.push('export interface HandlerInput<Id extends OperationId, Ctx> {');
  lines.push("  query: Operations[Id]['query'];");
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
