/**
 * The embedded database's SECRET_KEY: generated once, Django-style, and kept
 * beside the data so signed payloads and sessions stay valid across restarts.
 */
import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE, tighten, writePrivateFile } from './data-dir.js';

const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';

/** Django's get_random_secret_key(): 50 characters. */
export function randomSecretKey(): string {
  let key = '';
  for (let i = 0; i < 50; i++) key += CHARS[randomInt(CHARS.length)];
  return key;
}

export function embeddedSecretKey(dataDir: string): string {
  const path = join(dataDir, 'secret_key');
  ensurePrivateDir(dataDir);
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if (key) {
      tighten(path, PRIVATE_FILE_MODE);
      return key;
    }
  }
  const key = randomSecretKey();
  writePrivateFile(path, `${key}\n`);
  return key;
}
