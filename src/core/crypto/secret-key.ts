import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSecretKey } from '../config/config';

/**
 * The embedded default's secret key: generated once into `<dataDir>/secret.key` (mode 0600) and
 * reused on every later start, so secrets sealed yesterday still open today.
 */
export async function loadOrCreateSecretKey(dataDir: string): Promise<Buffer> {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return parseSecretKey(file, (await readFile(file, 'utf8')).trim());
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecretKey(dataDir);
    throw error;
  }
}
