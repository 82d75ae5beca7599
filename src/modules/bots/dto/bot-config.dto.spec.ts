import { describe, expect, it } from 'vitest';
import { BotConfigError, DEFAULT_BOT_CONFIG, parseBotConfig } from '../bot-config';

function problems(input: unknown): string[] {
  try {
    parseBotConfig(input);
  } catch (error) {
    if (error instanceof BotConfigError) return error.details.map((d) => d.field);
    throw error;
  }
  return [];
}

describe('bot configuration: absent versus null', () => {
  it('reads back what it stores: the normalised form spells "no order source" as null', () => {
    expect(DEFAULT_BOT_CONFIG.orderSource).toBeNull();
    expect(parseBotConfig(parseBotConfig({}))).toEqual(DEFAULT_BOT_CONFIG);
    const withEverything = parseBotConfig({
      greeting: 'Hello',
      knowledgeBase: [{ question: 'Q?', answer: 'A.' }],
      orderSource: { type: 'http', urlTemplate: 'https://shop.example.com/orders/{orderId}' },
    });
    expect(parseBotConfig(withEverything)).toEqual(withEverything);
  });

  it('refuses null for every field that is optional but not nullable', () => {
    for (const field of [
      'greeting',
      'fallbackMessage',
      'confidenceThreshold',
      'fallbackLimit',
      'escalationPhrases',
      'leadCapture',
      'knowledgeBase',
    ]) {
      expect(problems({ [field]: null }), field).toEqual([field]);
    }
    expect(problems({ knowledgeBase: [{ question: 'Q?', answer: 'A.', keywords: null }] })).toEqual([
      'knowledgeBase.0.keywords',
    ]);
    const source = { type: 'http', urlTemplate: 'https://shop.example.com/orders/{orderId}', headers: null };
    expect(problems({ orderSource: source })).toEqual(['orderSource.headers']);
  });
});
