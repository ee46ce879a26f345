/**
 * The project root, found from this file's location whether it runs as
 * TypeScript (src/) or compiled (dist/src/): the nearest folder upwards with
 * our package.json. The OpenAPI document and package.json are read from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'background-task-api') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the background-task-api package root');
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot();
export const SPEC_PATH = join(PROJECT_ROOT, 'openapi/background-task.yaml');

export function packageVersion(): string {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version as string;
}
