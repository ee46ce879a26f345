/**
 * The InvenTree release this service answers for. API 198 is the build of
 * 2024-05-19 (`inventree/InvenTree@e4dedb63`), a "0.16.0 dev" build whose
 * background-task, auth and user code is identical to the 0.15.x releases
 * (which report API 196). The API version is the OpenAPI document's.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { SPEC_PATH } from '../paths.js';

export const INVENTREE_VERSION = '0.16.0 dev';

let apiVersion: number | undefined;
export function inventreeApiVersion(): number {
  apiVersion ??= Number((parse(readFileSync(SPEC_PATH, 'utf8')) as { info: { version: string } }).info.version);
  return apiVersion;
}
