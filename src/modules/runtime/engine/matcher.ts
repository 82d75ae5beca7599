import { terms } from './text';

export interface KnowledgeEntry {
  question: string;
  answer: string;
  keywords: string[];
}

export interface Match {
  /** The best entry's position in the knowledge base; null when nothing shares a term. */
  entry: number | null;
  /** In [0, 1], rounded to 4 decimals. */
  confidence: number;
}

/** How much matched keywords add: the first 0.4, each further one 0.15, at most 0.85. */
export function keywordBoost(matched: number): number {
  return matched === 0 ? 0 : Math.min(0.85, 0.4 + 0.15 * (matched - 1));
}

type Vector = Map<string, number>;

function counts(tokens: string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const token of tokens) result.set(token, (result.get(token) ?? 0) + 1);
  return result;
}

function norm(vector: Vector): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}

/**
 * Scores a message against a knowledge base: TF-IDF cosine similarity between the message's terms
 * and each entry's question plus keywords (smoothed IDF over the entries, so words every entry
 * shares weigh little and words no entry knows pull the score down), combined with a keyword boost
 * as independent evidence: `1 − (1 − cosine) · (1 − boost)`. Deterministic; ties go to the earlier
 * entry.
 */
export class KnowledgeBaseMatcher {
  private readonly idf = new Map<string, number>();
  private readonly unknownIdf: number;
  private readonly documents: { vector: Vector; norm: number; keywords: string[][] }[];

  constructor(entries: readonly KnowledgeEntry[]) {
    const documentTerms = entries.map((entry) => [
      ...terms(entry.question),
      ...entry.keywords.flatMap((keyword) => terms(keyword)),
    ]);
    const documentFrequency = new Map<string, number>();
    for (const tokens of documentTerms) {
      for (const token of new Set(tokens))
        documentFrequency.set(token, (documentFrequency.get(token) ?? 0) + 1);
    }
    const n = entries.length;
    for (const [token, df] of documentFrequency) this.idf.set(token, 1 + Math.log((n + 1) / (df + 1)));
    this.unknownIdf = 1 + Math.log(n + 1);
    this.documents = documentTerms.map((tokens, index) => {
      const vector = this.weigh(tokens);
      return {
        vector,
        norm: norm(vector),
        keywords: entries[index].keywords.map((keyword) => terms(keyword)).filter((k) => k.length > 0),
      };
    });
  }

  private weigh(tokens: string[]): Vector {
    const vector: Vector = new Map();
    for (const [token, count] of counts(tokens)) {
      vector.set(token, count * (this.idf.get(token) ?? this.unknownIdf));
    }
    return vector;
  }

  match(message: string): Match {
    const tokens = terms(message);
    if (tokens.length === 0 || this.documents.length === 0) return { entry: null, confidence: 0 };
    const query = this.weigh(tokens);
    const queryNorm = norm(query);
    const present = new Set(tokens);
    let best: Match = { entry: null, confidence: 0 };
    this.documents.forEach((document, index) => {
      let dot = 0;
      for (const [token, weight] of query) dot += weight * (document.vector.get(token) ?? 0);
      const cosine = document.norm === 0 ? 0 : dot / (queryNorm * document.norm);
      const matched = document.keywords.filter((keyword) => keyword.every((t) => present.has(t))).length;
      const confidence = Math.round((1 - (1 - cosine) * (1 - keywordBoost(matched))) * 10_000) / 10_000;
      if (confidence > best.confidence)
        best = { entry: index, confidence: Math.min(1, Math.max(0, confidence)) };
    });
    return best;
  }
}
