/** Longest text the engine reads; the widget accepts 5,000 characters, this only bounds the work. */
export const MAX_ANALYSED_LENGTH = 10_000;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/**
 * The text a customer meant: compatibility forms folded (NFKC: full-width `＃１００１` → `#1001`),
 * HTML tags dropped and the common entities decoded, whitespace collapsed.
 */
export function plainText(text: string): string {
  return text
    .slice(0, MAX_ANALYSED_LENGTH)
    .normalize('NFKC')
    .replace(/<[^<>]{0,1000}>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name])
    .replace(/\s+/g, ' ')
    .trim();
}

const STOPWORDS = new Set(
  `a about an and any are as at be been being but by can could did do does doing for from get got had has
  have having he hello her here hey hi him his how i i'm im in into is it its just me my of on or our please
  she so than thank thanks that the their them then there these they this those to too us was we were what
  when where which who whom why will with would you your yours`.split(/\s+/),
);

/** A light, deterministic English stemmer: plurals, -ing, -ed and a final -e fold together. */
export function stem(token: string): string {
  let word = token;
  if (word.length > 4 && word.endsWith('ies')) word = `${word.slice(0, -3)}y`;
  else if (word.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(word)) word = word.slice(0, -2);
  else if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) word = word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ing')) word = word.slice(0, -3);
  else if (word.length > 5 && word.endsWith('ed')) word = word.slice(0, -2);
  if (word.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(word) && !/(?:ll|ss|zz)$/.test(word)) {
    word = word.slice(0, -1);
  }
  if (word.length > 4 && word.endsWith('e')) word = word.slice(0, -1);
  return word;
}

/**
 * Lower-case words without diacritics (`Café` → `cafe`), apostrophes dropped (`don't` → `dont`),
 * split on anything that is not a letter or a digit.
 */
export function words(text: string): string[] {
  return plainText(text)
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** The words that carry meaning (stopwords dropped), stemmed: for scoring. */
export function terms(text: string): string[] {
  return words(text)
    .filter((word) => !STOPWORDS.has(word))
    .map(stem);
}
