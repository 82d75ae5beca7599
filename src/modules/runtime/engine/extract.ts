import { isEmail } from 'class-validator';
import { plainText } from './text';

// Bounded repetitions only: every pattern runs in linear time on any input, however long.
const EMAIL =
  /[\p{L}\p{N}_%+-]{1,64}(?:\.[\p{L}\p{N}_%+-]{1,64}){0,8}@[\p{L}\p{N}-]{1,63}(?:\.[\p{L}\p{N}-]{1,63}){1,8}/gu;
const ORDER_REFERENCE =
  /(?:#\s?(\d{1,20})(?!\d))|(?:\border\b(?:\s{0,3}(?:number|num|no\.?|nr\.?|id))?\s{0,3}[:#]?\s{0,3}(\d{1,20})(?!\d))/iu;
const PHONE = /(?<![\p{L}\p{N}+#])\+?\(?\d(?:[ ().-]{0,2}\d){6,16}(?!\p{N})/gu;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/;

/** Email addresses in a message, in order, without duplicates (each checked by class-validator's `isEmail`). */
export function extractEmails(text: string): string[] {
  const found = (plainText(text).match(EMAIL) ?? [])
    .map((candidate) => candidate.replace(/[.-]+$/, ''))
    .filter((candidate) => candidate.length <= 320 && isEmail(candidate));
  return [...new Set(found)];
}

/**
 * The first order reference: `#` and digits, or "order" and digits (`#1001`, `order 1001`,
 * `order no. 1001`, `Order #1001`). Returns the digits.
 */
export function extractOrderReference(text: string): string | null {
  const match = ORDER_REFERENCE.exec(plainText(text));
  return match ? (match[1] ?? match[2]) : null;
}

/**
 * Phone numbers: 7 to 15 digits, optionally `+`, brackets, dashes, dots and single spaces, not part
 * of an email, an order reference or a date. Returned as written.
 */
export function extractPhones(text: string): string[] {
  const cleaned = plainText(text).replace(EMAIL, ' ').replace(new RegExp(ORDER_REFERENCE.source, 'giu'), ' ');
  const found = (cleaned.match(PHONE) ?? [])
    .map((candidate) => candidate.trim())
    .filter((candidate) => {
      const digits = candidate.replace(/\D/g, '').length;
      return digits >= 7 && digits <= 15 && !DATE_LIKE.test(candidate);
    });
  return [...new Set(found)];
}
