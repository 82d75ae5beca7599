import { describe, expect, it } from 'vitest';
import { parseBotConfig } from '../../bots/bot-config';
import { analyseMessage, HANDOVER_MESSAGE, planTurn, UNSURE_HANDOVER_MESSAGE } from './engine';
import { extractEmails, extractOrderReference, extractPhones } from './extract';
import { KnowledgeBaseMatcher, keywordBoost } from './matcher';
import { findEscalationPhrase } from './phrases';
import { plainText, stem, terms, words } from './text';

const KNOWLEDGE_BASE = [
  {
    question: 'What are your opening hours?',
    answer: "We're open 9-5, Monday to Friday.",
    keywords: ['hours', 'open'],
  },
  {
    question: 'How long does shipping take?',
    answer: 'Orders ship within 2 business days.',
    keywords: ['shipping', 'delivery'],
  },
  { question: 'How do I return an item?', answer: 'Returns are free within 30 days.', keywords: ['refund'] },
];

const config = parseBotConfig({
  knowledgeBase: KNOWLEDGE_BASE,
  orderSource: { type: 'http', urlTemplate: 'https://shop.example.com/orders/{orderId}' },
});

describe('text normalisation', () => {
  it('folds case, diacritics, full-width forms, HTML and entities', () => {
    expect(plainText('<p>Hello&nbsp;<b>World</b></p>')).toBe('Hello World');
    expect(plainText('＃１００１')).toBe('#1001');
    expect(words('Café CRÈME, déjà-vu!')).toEqual(['cafe', 'creme', 'deja', 'vu']);
    expect(terms("What are your opening hours? Don't know")).toEqual(['open', 'hour', 'dont', 'know']);
  });

  it('stems plurals, -ing and -ed to one form', () => {
    expect(stem('hours')).toBe(stem('hour'));
    expect(stem('shipping')).toBe(stem('ship'));
    expect(stem('shipped')).toBe(stem('ship'));
    expect(stem('deliveries')).toBe(stem('delivery'));
    expect(stem('boxes')).toBe(stem('box'));
    expect(stem('refunds')).toBe('refund');
  });

  it('bounds the work on very long input', () => {
    const long = 'a'.repeat(200_000);
    const started = performance.now();
    expect(plainText(long).length).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('knowledge-base scoring', () => {
  const matcher = new KnowledgeBaseMatcher(KNOWLEDGE_BASE);

  it('finds the entry that shares meaning, not only exact text', () => {
    expect(matcher.match('When are you open?').entry).toBe(0);
    expect(matcher.match('what time do you open on monday').entry).toBe(0);
    expect(matcher.match('how long will shipping take to Berlin?').entry).toBe(1);
    expect(matcher.match('I want a refund for this').entry).toBe(2);
  });

  it('gives a confidence in [0, 1]: the exact question scores highest, unrelated text lowest', () => {
    const exact = matcher.match('What are your opening hours?');
    const paraphrase = matcher.match('opening times?');
    const unrelated = matcher.match('My cat likes purple umbrellas');
    expect(exact.confidence).toBeGreaterThan(0.9);
    expect(exact.confidence).toBeLessThanOrEqual(1);
    expect(paraphrase.confidence).toBeGreaterThan(unrelated.confidence);
    expect(unrelated).toEqual({ entry: null, confidence: 0 });
  });

  it('keywords boost an entry; unknown words pull the score down', () => {
    const plain = matcher.match('hours');
    const diluted = matcher.match('hours for the xylophone zebra quartet tuning');
    expect(plain.entry).toBe(0);
    expect(diluted.entry).toBe(0);
    expect(diluted.confidence).toBeLessThan(plain.confidence);
    expect(keywordBoost(0)).toBe(0);
    expect(keywordBoost(1)).toBe(0.4);
    expect(keywordBoost(10)).toBe(0.85);
  });

  it('is deterministic and answers an empty knowledge base or message with 0', () => {
    expect(matcher.match('shipping delivery')).toEqual(matcher.match('shipping delivery'));
    expect(new KnowledgeBaseMatcher([]).match('anything')).toEqual({ entry: null, confidence: 0 });
    expect(matcher.match('   ')).toEqual({ entry: null, confidence: 0 });
    expect(matcher.match('<b></b>')).toEqual({ entry: null, confidence: 0 });
  });

  it('scores unicode and very long messages', () => {
    expect(matcher.match('ＷＨＡＴ ＡＲＥ ＹＯＵＲ ＯＰＥＮＩＮＧ ＨＯＵＲＳ').entry).toBe(0);
    expect(matcher.match('¿Cuáles son vuestras horas? 営業時間は？ 🕘').confidence).toBeLessThan(0.5);
    const long = `${'lorem ipsum dolor '.repeat(2000)} shipping`;
    const match = matcher.match(long);
    expect(match.confidence).toBeGreaterThanOrEqual(0);
    expect(match.confidence).toBeLessThan(0.5);
  });
});

describe('escalation phrases', () => {
  const phrases = ['human', 'agent', 'talk to someone'];
  it('matches whole words and phrases, case and plural insensitive', () => {
    expect(findEscalationPhrase('Can I talk to a HUMAN?', phrases)).toBe('human');
    expect(findEscalationPhrase('any agents around', phrases)).toBe('agent');
    expect(findEscalationPhrase('I need to talk to someone now', phrases)).toBe('talk to someone');
    expect(findEscalationPhrase('<i>Human</i> please', phrases)).toBe('human');
  });
  it('does not match inside other words or out of order', () => {
    expect(findEscalationPhrase('the reagent is humane', phrases)).toBeNull();
    expect(findEscalationPhrase('someone to talk', phrases)).toBeNull();
    expect(findEscalationPhrase('', phrases)).toBeNull();
  });
});

describe('extraction', () => {
  it('finds emails, also in HTML, unicode and long text', () => {
    expect(extractEmails('mail me at dana@example.com.')).toEqual(['dana@example.com']);
    expect(extractEmails('<a href="mailto:x">Dana.Reyes+shop@mail.example.co.uk</a>')).toEqual([
      'Dana.Reyes+shop@mail.example.co.uk',
    ]);
    expect(extractEmails('josé@exämple.com')).toEqual(['josé@exämple.com']);
    expect(extractEmails('ｄａｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toEqual(['dana@example.com']);
    expect(extractEmails('see...dana@example.com and dana@example.com')).toEqual(['dana@example.com']);
    expect(extractEmails('not an email: dana@ or @example.com or a@b')).toEqual([]);
    expect(extractEmails(`${'x'.repeat(9000)} ops@example.org`)).toEqual(['ops@example.org']);
  });

  it('finds phone numbers but not dates, order numbers or short numbers', () => {
    expect(extractPhones('call +1 (415) 555-0134 please')).toEqual(['+1 (415) 555-0134']);
    expect(extractPhones('mobile: 0151 23456789')).toEqual(['0151 23456789']);
    expect(extractPhones('+49.30.1234567')).toEqual(['+49.30.1234567']);
    expect(extractPhones('order #12345678 on 2026-03-14, room 101')).toEqual([]);
    expect(extractPhones('order 12345678')).toEqual([]);
    expect(extractPhones('＋４４ ２０ ７９４６ ０９５８')).toEqual(['+44 20 7946 0958']);
    expect(extractPhones('1234567890123456789012')).toEqual([]);
  });

  it('finds order references in their spellings', () => {
    expect(extractOrderReference('Where is #1001?')).toBe('1001');
    expect(extractOrderReference('where is order 1001')).toBe('1001');
    expect(extractOrderReference('Order #2002 please')).toBe('2002');
    expect(extractOrderReference('my order no. 3003')).toBe('3003');
    expect(extractOrderReference('order number: 4004')).toBe('4004');
    expect(extractOrderReference('<b>#5005</b>')).toBe('5005');
    expect(extractOrderReference('＃６００６')).toBe('6006');
    expect(extractOrderReference('I ordered 2 things')).toBeNull();
    expect(extractOrderReference('reorder 1001')).toBeNull();
    expect(extractOrderReference('no order here')).toBeNull();
  });

  it('stays fast on adversarial input', () => {
    const inputs = [
      '#'.repeat(50_000),
      '1 '.repeat(50_000),
      `${'a.'.repeat(30_000)}@`,
      `${'a'.repeat(60_000)}@${'b-'.repeat(30_000)}`,
      'order '.repeat(20_000),
    ];
    const started = performance.now();
    for (const input of inputs) {
      extractEmails(input);
      extractPhones(input);
      extractOrderReference(input);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('turn planning', () => {
  const found = { outcome: 'found' as const, status: 'shipped', lookedUpAt: '2026-03-14T09:21:47.120Z' };

  it('answers from the knowledge base at or above the threshold', () => {
    const turn = planTurn(config, analyseMessage(config, 'what are your opening hours'), {
      consecutiveFallbacks: 1,
    });
    expect(turn.replies).toEqual([
      { text: "We're open 9-5, Monday to Friday.", confidenceScore: expect.any(Number), wasFallback: false },
    ]);
    expect(turn.replies[0].confidenceScore).toBeGreaterThanOrEqual(config.confidenceThreshold);
    expect(turn).toMatchObject({ fallback: null, escalation: null, consecutiveFallbacks: 0 });
  });

  it('falls back below the threshold, and hands over at the fallback limit', () => {
    const analysis = analyseMessage(config, 'purple umbrellas');
    const first = planTurn(config, analysis, { consecutiveFallbacks: 0 });
    expect(first.replies).toEqual([{ text: config.fallbackMessage, confidenceScore: 0, wasFallback: true }]);
    expect(first).toMatchObject({
      fallback: { confidenceScore: 0 },
      escalation: null,
      consecutiveFallbacks: 1,
    });
    const second = planTurn(config, analysis, { consecutiveFallbacks: 1 });
    expect(second.replies).toEqual([
      { text: UNSURE_HANDOVER_MESSAGE, confidenceScore: 0, wasFallback: true },
    ]);
    expect(second).toMatchObject({
      fallback: { confidenceScore: 0 },
      escalation: { reason: 'fallback_limit' },
    });
  });

  it('a stricter threshold turns a weak match into a fallback', () => {
    const strict = { ...config, confidenceThreshold: 0.99 };
    const turn = planTurn(strict, analyseMessage(strict, 'opening times'), { consecutiveFallbacks: 0 });
    expect(turn.fallback).not.toBeNull();
    expect(turn.replies[0].wasFallback).toBe(true);
  });

  it('hands over on an escalation phrase, capturing a lead in the same message', () => {
    const turn = planTurn(config, analyseMessage(config, 'human please, I am dana@example.com'), {
      consecutiveFallbacks: 0,
    });
    expect(turn.replies).toEqual([{ text: HANDOVER_MESSAGE, confidenceScore: 1, wasFallback: false }]);
    expect(turn.escalation).toEqual({ reason: 'customer_requested' });
    expect(turn.lead).toEqual({ email: 'dana@example.com' });
  });

  it('states a found order and answers a missing or failed lookup politely', () => {
    const analysis = analyseMessage(config, 'Where is order #1001?');
    expect(analysis.orderId).toBe('1001');
    const ok = planTurn(config, analysis, { consecutiveFallbacks: 1 }, found);
    expect(ok.replies[0]).toEqual({
      text: 'Order #1001 is shipped.',
      confidenceScore: 1,
      wasFallback: false,
    });
    expect(ok.orderLookup).toEqual({ orderId: '1001', lookedUpAt: found.lookedUpAt });
    expect(ok.consecutiveFallbacks).toBe(0);
    const missing = planTurn(config, analysis, { consecutiveFallbacks: 0 }, { outcome: 'not_found' });
    expect(missing.replies[0].text).toMatch(/could not find order #1001/);
    expect(missing.orderLookup).toBeNull();
    const failed = planTurn(config, analysis, { consecutiveFallbacks: 0 }, { outcome: 'failed' });
    expect(failed.replies[0].text).toMatch(/could not look up order #1001/);
    expect(failed.fallback).toBeNull();
  });

  it('ignores order references without an order source, and contacts without lead capture', () => {
    const plain = parseBotConfig({ leadCapture: false });
    const analysis = analyseMessage(plain, 'order 1001, mail dana@example.com, +1 415 555 0134');
    expect(analysis.orderId).toBeNull();
    expect(analysis.lead).toBeNull();
  });

  it('captures email and phone as one lead and acknowledges it', () => {
    const turn = planTurn(config, analyseMessage(config, 'Reach me at dana@example.com or +1 415 555 0134'), {
      consecutiveFallbacks: 1,
    });
    expect(turn.lead).toEqual({ email: 'dana@example.com', phone: '+1 415 555 0134' });
    expect(turn.replies).toHaveLength(1);
    expect(turn.replies[0].text).toContain('dana@example.com and +1 415 555 0134');
    expect(turn.fallback).toBeNull();
  });
});
