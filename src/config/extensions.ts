/**
 * Whether the extension routes (OpenAPI tag `extensions`, beyond InvenTree
 * 0.15) are served: on by default with API_COMPAT=schema, off with
 * API_COMPAT=inventree (those paths are then 404, exactly as InvenTree
 * answers), and EXTENSIONS=on|off overrides either default.
 */
import type { Config } from './env.js';

export function extensionsEnabled(config: Pick<Config, 'apiCompat' | 'extensions'>): boolean {
  if (config.extensions !== undefined) return config.extensions === 'on';
  return config.apiCompat === 'schema';
}
