import isEmail from 'validator/lib/isEmail';
import { ROLES, type Role } from '../common/auth/roles';

/** Every command answers one JSON object on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A usage mistake: printed on stderr, exit code 2. */
export class CliUsageError extends Error {}

export function requireText(option: string, value: unknown, max = 200): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CliUsageError(`${option} is required`);
  if (value.trim().length > max) throw new CliUsageError(`${option} must be at most ${max} characters`);
  return value.trim();
}

export function requireEmail(option: string, value: unknown): string {
  const email = requireText(option, value, 320);
  if (!isEmail(email)) throw new CliUsageError(`${option} must be an email address, got "${email}"`);
  return email;
}

/** `--rate-limit`: requests per minute, 1 to 1,000,000; `default` (when allowed) → null. */
export function requireRateLimit(option: string, value: unknown, allowDefault = false): number | null {
  if (allowDefault && value === 'default') return null;
  const text = typeof value === 'string' ? value.trim() : '';
  const parsed = Number(text);
  if (!/^\d+$/.test(text) || parsed < 1 || parsed > 1_000_000) {
    throw new CliUsageError(
      `${option} must be a whole number of requests per minute, 1 to 1000000${allowDefault ? ', or "default"' : ''}`,
    );
  }
  return parsed;
}

export function requireRole(option: string, value: unknown): Role {
  if (!(ROLES as readonly unknown[]).includes(value)) {
    throw new CliUsageError(`${option} must be one of ${ROLES.join(', ')}`);
  }
  return value as Role;
}
