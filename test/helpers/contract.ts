/**
 * Checks responses against openapi/background-task.yaml. The test app wraps
 * `inject` with it, so every response any suite produces on a documented
 * operation is validated — status documented, body matching its schema (in
 * `schema` mode with formats; in `inventree` mode all but date-time).
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { SPEC_PATH } from '../../src/paths.js';

// CJS default-export interop under NodeNext.
const Ajv = AjvModule as unknown as typeof AjvModule.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

type Json = Record<string, unknown>;
const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as Json & {
  paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
  components: Json & { responses: Record<string, Json> };
};

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#/, 'spec#') : rewriteRefs(v);
    return out;
  }
  return node;
}

function makeAjv(checkDateTime: boolean) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  if (!checkDateTime) ajv.addFormat('date-time', true);
  ajv.addSchema({ $id: 'spec', components: rewriteRefs(spec.components) as Json });
  return ajv;
}

const validators = { schema: makeAjv(true), inventree: makeAjv(false) };

function responseObject(path: string, method: string, status: number): Json | undefined | null {
  const op = spec.paths[path]?.[method.toLowerCase()];
  if (!op) return null; // not a documented operation
  let response = op.responses[String(status)];
  if (response?.$ref) response = spec.components.responses[String(response.$ref).split('/').pop()!];
  return response;
}

export interface ContractViolation {
  request: string;
  status: number;
  problem: string;
}

/** undefined when the response conforms (or the operation is not in the document). */
export function checkResponse(
  mode: 'schema' | 'inventree',
  method: string,
  url: string,
  status: number,
  contentType: string | undefined,
  body: string,
): ContractViolation | undefined {
  const path = url.split('?')[0]!;
  const request = `${method} ${url}`;
  const m = method === 'HEAD' ? 'GET' : method;
  // A 404 the operation documents (DRF's `?format=` Not found.) is checked
  // below; any other is the catch-all's (NotFoundView).
  if (status === 404 && !spec.paths[path]) {
    const v = validators[mode].validate({ $ref: 'spec#/components/schemas/NotFound' }, safeJson(body));
    return v ? undefined : { request, status, problem: `404 body: ${body}` };
  }
  // On a documented path every method gets `?format=`'s 404 (a method the path lacks too).
  const response = responseObject(path, status === 404 ? 'GET' : m, status);
  if (response === null) return undefined;
  if (!response) return { request, status, problem: `status ${status} is not documented for ${m} ${path}` };
  const content = response.content as Record<string, { schema: Json }> | undefined;
  if (!content) return body === '' ? undefined : { request, status, problem: `expected no body, got ${body.slice(0, 200)}` };
  if (method === 'HEAD') return undefined;
  if (contentType !== 'application/json') return { request, status, problem: `content-type ${contentType}` };
  const schema = rewriteRefs(content['application/json']!.schema) as Json;
  const ajv = validators[mode];
  if (ajv.validate(schema, safeJson(body))) return undefined;
  return { request, status, problem: ajv.errorsText(ajv.errors, { separator: '; ' }) };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return Symbol('not JSON');
  }
}
