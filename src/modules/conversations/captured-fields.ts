import { isEmail } from 'class-validator';
import { ApiError, type ErrorDetail } from '../../common/http/errors';

export const MAX_EXTRA_FIELDS = 20;
export const MAX_FIELD_VALUE_LENGTH = 1000;
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const PHONE_CHARACTERS = /^\+?[0-9 ().-]+$/;
export const KNOWN_FIELD_LIMITS: Record<string, number> & { email: number; name: number; phone: number } = {
  email: 320,
  name: 200,
  phone: 32,
};

/**
 * Checks a lead's `capturedFields` (email, name, phone, plus up to 20 extra string fields: README, Conversations, actions and events)
 * and returns them trimmed; throws one 400 listing every problem, field by field.
 */
export function parseCapturedFields(input: Record<string, unknown>): Record<string, string> {
  const details: ErrorDetail[] = [];
  const fields: Record<string, string> = {};
  const entries = Object.entries(input);
  const extras = entries.filter(([name]) => !(name in KNOWN_FIELD_LIMITS));
  if (entries.length === 0) {
    details.push({ field: 'capturedFields', message: 'capturedFields must have at least one field' });
  }
  if (extras.length > MAX_EXTRA_FIELDS) {
    details.push({
      field: 'capturedFields',
      message: `capturedFields may have at most ${MAX_EXTRA_FIELDS} fields besides email, name and phone`,
    });
  }
  for (const [name, raw] of entries) {
    const field = `capturedFields.${name}`;
    if (!FIELD_NAME.test(name)) {
      details.push({
        field: 'capturedFields',
        message: 'field names are letters, digits and _, start with a letter, up to 64 characters',
      });
      continue;
    }
    if (typeof raw !== 'string') {
      details.push({ field, message: `${field} must be a string` });
      continue;
    }
    const value = raw.trim();
    const limit = KNOWN_FIELD_LIMITS[name] ?? MAX_FIELD_VALUE_LENGTH;
    if (value === '') details.push({ field, message: `${field} must not be empty` });
    else if (value.length > limit)
      details.push({ field, message: `${field} must be at most ${limit} characters` });
    else if (name === 'email' && !isEmail(value))
      details.push({ field, message: `${field} must be an email address` });
    else if (name === 'phone' && !isPhone(value)) {
      details.push({
        field,
        message: `${field} must be a phone number: 7 to 15 digits, optionally with + ( ) - . and spaces`,
      });
    } else fields[name] = value;
  }
  if (details.length > 0) throw ApiError.validation(details);
  return fields;
}

function isPhone(value: string): boolean {
  if (!PHONE_CHARACTERS.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}
