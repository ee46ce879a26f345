/**
 * DATA_DIR holds the embedded database, its SECRET_KEY and, on a first start
 * without a terminal, the generated admin credentials: readable by the
 * service's own user only. Directories are created 0700 and files 0600
 * whatever the umask; a directory or key file this service created earlier
 * with looser modes (before this rule) is tightened.
 */
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and parents) 0700, or tightens it when group/others may enter it. */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
}

/** Writes a file only its owner may read (mode applied even if it existed). */
export function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: PRIVATE_FILE_MODE });
  tighten(path, PRIVATE_FILE_MODE);
}

/** Drops group and other permissions from a path we own; a path we cannot change is left as it is. */
export function tighten(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
  } catch {
    // Not ours (a mounted volume, another user's directory): nothing to do here.
  }
}
