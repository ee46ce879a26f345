/**
 * Checks responses against openapi/background-task.yaml. The test app wraps
 * `inject` with it, so every response any suite produces on a documented
 * operation is validated — status documented, body matching its schema (in
 * `schema` mode with formats; in `inventree` mode all but date-time).
 *
 * Request paths are matched against the document's paths, templates
 * included (`{id}` of type integer matches ASCII digits, as the generated
 * route does; any other parameter one segment). A response under `/api/`
 * whose path matches no documented path fails, unless it is one of the
 * non-InvenTree API routes listed in UNDOCUMENTED_API; paths outside `/api/`
 * (health, metrics, UI) are not InvenTree's API and are not checked.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { withoutTags } from '../../src/http/document-filter.js';
import { SPEC_PATH } from '../../src/paths.js';

// CJS default-export interop under NodeNext.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;
interface Parameter {
  $ref?: string;
  name?: string;
  in?: string;
  schema?: { type?: string };
}
type PathItem = Record<string, { responses: Record<string, Json>; parameters?: Parameter[] }> & { parameters?: Parameter[] };
interface Document {
  paths: Record<string, PathItem>;
  components: Json & { responses?: Record<string, Json>; parameters?: Record<string, Parameter> };
}

/** API routes of ours that InvenTree's document does not describe (src/ops/docs.ts). */
export const UNDOCUMENTED_API: RegExp[] = [/^\/api\/schema\/$/, /^\/api\/docs(\/|$)/];

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#/, 'spec#') : rewriteRefs(v);
    return out;
  }
  return node;
}

function makeAjv(spec: Document, checkDateTime: boolean) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  if (!checkDateTime) ajv.addFormat('date-time', true);
  ajv.addSchema({ $id: 'spec', components: rewriteRefs(spec.components) as Json });
  return ajv;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One matcher per document path: `{name}` of type integer → digits, else one segment. */
function pathMatchers(spec: Document): Array<{ path: string; pattern: RegExp }> {
  const resolve = (p: Parameter): Parameter => (p.$ref ? (spec.components.parameters?.[p.$ref.split('/').pop()!] ?? p) : p);
  return Object.entries(spec.paths).map(([path, item]) => {
    const params = [
      ...(item.parameters ?? []),
      ...Object.values(item).flatMap((op) => (op && typeof op === 'object' && 'responses' in op ? (op.parameters ?? []) : [])),
    ]
      .map(resolve)
      .filter((p) => p.in === 'path');
    const source = path
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (!name) return escapeRegExp(part);
        return params.find((p) => p.name === name)?.schema?.type === 'integer' ? '[0-9]+' : '[^/]+';
      })
      .join('');
    return { path, pattern: new RegExp(`^${source}$`) };
  })
    // As the router: a static path (`/api/background-task/audit/`) wins over a template (`{task_id}/`).
    .sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
}

export interface ContractViolation {
  request: string;
  status: number;
  problem: string;
}

export type ResponseChecker = (
  mode: 'schema' | 'inventree',
  method: string,
  url: string,
  status: number,
  contentType: string | undefined,
  body: string,
) => ContractViolation | undefined;

/**
 * A checker for `document` (a parsed OpenAPI document). It returns undefined
 * when the response conforms, when the method is not one the document
 * describes for the path (405s, OPTIONS metadata: DRF's, outside the
 * document), or when the path is outside `/api/` or in UNDOCUMENTED_API.
 */
export function contractChecker(document: unknown): ResponseChecker {
  const spec = document as Document;
  const validators = { schema: makeAjv(spec, true), inventree: makeAjv(spec, false) };
  const matchers = pathMatchers(spec);
  const documentedPath = (path: string) => matchers.find((m) => m.pattern.test(path))?.path;

  return (mode, method, url, status, contentType, body) => {
    const path = url.split('?')[0]!;
    const request = `${method} ${url}`;
    const template = documentedPath(path);
    const m = method === 'HEAD' ? 'GET' : method;
    if (status === 404) {
      // A 404 the operation documents (DRF's `?format=` Not found., an unknown
      // id) is checked against it — on a documented path every method gets
      // `?format=`'s 404, so a method the path lacks falls back to GET's; any
      // other 404 is the catch-all's (NotFoundView).
      const item = template === undefined ? undefined : spec.paths[template];
      let documented = (item?.[m.toLowerCase()] ?? item?.get)?.responses['404'];
      if (documented?.$ref) documented = spec.components.responses?.[String(documented.$ref).split('/').pop()!];
      if (documented) return checkBody(validators[mode], request, method, `${m} ${template}`, status, documented, contentType, body);
      const v = validators[mode].validate({ $ref: 'spec#/components/schemas/NotFound' }, safeJson(body));
      return v ? undefined : { request, status, problem: `404 body: ${body}` };
    }
    if (template === undefined) {
      if (!path.startsWith('/api/') || UNDOCUMENTED_API.some((re) => re.test(path))) return undefined;
      return { request, status, problem: `no path of the document matches ${path}` };
    }
    const op = spec.paths[template]?.[m.toLowerCase()];
    if (!op) return undefined; // a method the document does not describe for this path
    let response = op.responses[String(status)];
    if (response?.$ref) response = spec.components.responses?.[String(response.$ref).split('/').pop()!];
    return checkBody(validators[mode], request, method, `${m} ${template}`, status, response, contentType, body);
  };
}

function checkBody(
  ajv: InstanceType<typeof Ajv>,
  request: string,
  method: string,
  operation: string,
  status: number,
  response: Json | undefined,
  contentType: string | undefined,
  body: string,
): ContractViolation | undefined {
  if (!response) return { request, status, problem: `status ${status} is not documented for ${operation}` };
  const content = response.content as Record<string, { schema: Json }> | undefined;
  if (!content) return body === '' ? undefined : { request, status, problem: `expected no body, got ${body.slice(0, 200)}` };
  if (method === 'HEAD') return undefined;
  if (contentType !== 'application/json') return { request, status, problem: `content-type ${contentType}` };
  const schema = rewriteRefs(content['application/json']!.schema) as Json;
  if (ajv.validate(schema, safeJson(body))) return undefined;
  return { request, status, problem: ajv.errorsText(ajv.errors, { separator: '; ' }) };
}

const DOCUMENT = parse(readFileSync(SPEC_PATH, 'utf8'));

/** The checker of openapi/background-task.yaml, used by test/helpers/app.ts. */
export const checkResponse: ResponseChecker = contractChecker(DOCUMENT);

/** The checker of what a process with the extensions switched off serves (the document without tag `extensions`). */
export const checkResponseWithoutExtensions: ResponseChecker = contractChecker(withoutTags(DOCUMENT, ['extensions']));

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return Symbol('not JSON');
  }
}
