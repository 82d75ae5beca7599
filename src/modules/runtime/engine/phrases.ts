import { words } from './text';

/** `token` is `word` or its plural. */
function isForm(token: string, word: string): boolean {
  return token === word || token === `${word}s` || token === `${word}es`;
}

/**
 * The first escalation phrase the message contains, as whole words in order, case and
 * diacritics folded ("agent" matches "an Agent please" and "agents", not "reagent"); null when none does.
 */
export function findEscalationPhrase(message: string, phrases: readonly string[]): string | null {
  const tokens = words(message);
  for (const phrase of phrases) {
    const wanted = words(phrase);
    if (wanted.length === 0) continue;
    for (let start = 0; start + wanted.length <= tokens.length; start += 1) {
      if (wanted.every((word, offset) => isForm(tokens[start + offset], word))) return phrase;
    }
  }
  return null;
}
