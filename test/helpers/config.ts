/** A Config for tests: defaults of the real loader, quiet logs, overridable. */
import { type Config, loadConfig } from '../../src/config/env.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent' }), ...overrides };
}
