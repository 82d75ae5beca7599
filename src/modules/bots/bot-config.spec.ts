import { describe, expect, it } from 'vitest';
import { BotConfigError, DEFAULT_BOT_CONFIG, parseBotConfig } from './bot-config';

const SPEC_EXAMPLE = {
  greeting: 'Hi! How can I help?',
  fallbackMessage: "Sorry, I didn't catch that. Could you rephrase?",
  confidenceThreshold: 0.5,
  fallbackLimit: 2,
  escalationPhrases: ['human', 'agent', 'talk to someone'],
  leadCapture: true,
  knowledgeBase: [
    {
      question: 'What are your opening hours?',
      answer: "We're open 9-5, Monday to Friday.",
      keywords: ['hours', 'open'],
    },
  ],
  orderSource: { type: 'http', urlTemplate: 'https://shop.example.com/orders/{orderId}', headers: {} },
};

function problems(input: unknown): string[] {
  try {
    parseBotConfig(input);
  } catch (error) {
    if (error instanceof BotConfigError) return error.details.map((d) => d.field);
    throw error;
  }
  return [];
}

describe('bot configuration', () => {
  it("accepts the README's example as is", () => {
    expect(parseBotConfig(SPEC_EXAMPLE)).toEqual(SPEC_EXAMPLE);
  });

  it('fills in every default', () => {
    expect(parseBotConfig({})).toEqual(DEFAULT_BOT_CONFIG);
    expect(parseBotConfig({ knowledgeBase: [{ question: 'Q?', answer: 'A.' }] }).knowledgeBase).toEqual([
      { question: 'Q?', answer: 'A.', keywords: [] },
    ]);
  });

  it('refuses unknown fields, at any depth', () => {
    expect(problems({ greting: 'typo' })).toEqual(['greting']);
    expect(problems({ knowledgeBase: [{ question: 'Q', answer: 'A', tags: [] }] })).toEqual([
      'knowledgeBase.0.tags',
    ]);
    expect(problems({ orderSource: { ...SPEC_EXAMPLE.orderSource, method: 'POST' } })).toEqual([
      'orderSource.method',
    ]);
  });

  it('refuses wrong types and out-of-range values, one detail per field', () => {
    expect(
      problems({
        confidenceThreshold: 1.5,
        fallbackLimit: 0,
        escalationPhrases: 'human',
        leadCapture: 'yes',
        knowledgeBase: [{ question: '', answer: 'A' }],
      }),
    ).toEqual([
      'confidenceThreshold',
      'fallbackLimit',
      'escalationPhrases',
      'leadCapture',
      'knowledgeBase.0.question',
    ]);
    expect(problems({ fallbackLimit: 1.5 })).toEqual(['fallbackLimit']);
    const error = (() => {
      try {
        parseBotConfig({ greeting: 5, knowledgeBase: [{ answer: 'A.' }] });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BotConfigError);
    // The most basic problem of each field.
    expect((error as BotConfigError).details).toEqual([
      { field: 'greeting', message: 'greeting must be a string' },
      { field: 'knowledgeBase.0.question', message: 'knowledgeBase.0.question must be a string' },
    ]);
    expect(problems([])).toEqual(['config']);
    expect(problems(null)).toEqual(['config']);
  });

  it('checks the order source: http(s) template with {orderId}, header names and values', () => {
    const source = (patch: object) => ({ orderSource: { ...SPEC_EXAMPLE.orderSource, ...patch } });
    expect(problems(source({ type: 'shopify' }))).toEqual(['orderSource.type']);
    expect(problems(source({ urlTemplate: 'https://shop.example.com/orders' }))).toEqual([
      'orderSource.urlTemplate',
    ]);
    expect(problems(source({ urlTemplate: 'file:///etc/{orderId}' }))).toEqual(['orderSource.urlTemplate']);
    expect(problems(source({ urlTemplate: 'https://u:p@shop.example.com/{orderId}' }))).toEqual([
      'orderSource.urlTemplate',
    ]);
    expect(problems(source({ headers: { 'X-Key': 'a\r\nInjected: 1' } }))).toEqual(['orderSource.headers']);
    expect(problems(source({ headers: { 'Bad Name': 'x' } }))).toEqual(['orderSource.headers']);
    expect(problems(source({ headers: { 'X-Key': 42 } }))).toEqual(['orderSource.headers']);
    expect(problems(source({ headers: { 'X-Shop-Key': 'secret' } }))).toEqual([]);
  });

  it('keeps {orderId} out of the origin, so what a customer types cannot pick the host', () => {
    const template = (urlTemplate: string) => ({ orderSource: { ...SPEC_EXAMPLE.orderSource, urlTemplate } });
    for (const urlTemplate of [
      'https://{orderId}.shop.example.com/orders',
      'https://21307{orderId}/orders', // 2130706433 = 127.0.0.1 for order 06433
      'https://shop.example.com:{orderId}/orders',
    ]) {
      expect(problems(template(urlTemplate)), urlTemplate).toEqual(['orderSource.urlTemplate']);
    }
    for (const urlTemplate of [
      'https://shop.example.com/orders/{orderId}',
      'https://shop.example.com/orders?id={orderId}',
      'https://shop.example.com/{orderId}/status#{orderId}',
    ]) {
      expect(problems(template(urlTemplate)), urlTemplate).toEqual([]);
    }
  });

  it('stores an order source only where webhook targets may point, under the same policy', () => {
    const strict = { targets: { allowPrivate: false } };
    const refusal = (urlTemplate: string, options = strict) => {
      try {
        parseBotConfig({ orderSource: { type: 'http', urlTemplate } }, options);
      } catch (error) {
        if (error instanceof BotConfigError) return error.details;
        throw error;
      }
      return [];
    };
    for (const urlTemplate of [
      'http://shop.example.com/orders/{orderId}',
      'https://localhost/orders/{orderId}',
      'https://127.0.0.1/orders/{orderId}',
      'https://10.1.2.3/orders/{orderId}',
      'https://169.254.169.254/latest/{orderId}',
      'https://[::1]/orders/{orderId}',
      'https://[::127.0.0.1]/orders/{orderId}',
      'https://[::a9fe:a9fe]/latest/{orderId}',
      'https://[::ffff:10.0.0.1]/orders/{orderId}',
      'https://[64:ff9b::a9fe:a9fe]/orders/{orderId}',
      'https://[2002:a9fe:a9fe::1]/orders/{orderId}',
      'https://[fd00:ec2::254]/orders/{orderId}',
      'https://0x7f.1/orders/{orderId}',
    ]) {
      expect(refusal(urlTemplate), urlTemplate).toEqual([
        {
          field: 'orderSource.urlTemplate',
          message: expect.stringMatching(/^orderSource\.urlTemplate must /),
        },
      ]);
    }
    expect(refusal('https://shop.example.com/orders/{orderId}')).toEqual([]);
    // Private targets allowed (tests, local development): http and loopback pass, other schemes do not.
    const allowPrivate = { targets: { allowPrivate: true } };
    expect(refusal('http://127.0.0.1:8080/orders/{orderId}', allowPrivate)).toEqual([]);
    // Reading a stored configuration (no policy given) checks its shape only: the lookup checks the target.
    expect(
      parseBotConfig({ orderSource: { type: 'http', urlTemplate: 'https://10.1.2.3/{orderId}' } })
        .orderSource,
    ).toMatchObject({ urlTemplate: 'https://10.1.2.3/{orderId}' });
  });

  it('takes a sample order source: orders listed in the configuration, validated like the rest', () => {
    const orders = { '1001': 'shipped with DHL', '1002': 'being packed' };
    expect(parseBotConfig({ orderSource: { type: 'sample', orders } }).orderSource).toEqual({
      type: 'sample',
      orders,
    });
    const problems = (orderSource: unknown) => {
      try {
        parseBotConfig({ orderSource }, { targets: { allowPrivate: false } });
        return [];
      } catch (error) {
        return (error as BotConfigError).details;
      }
    };
    expect(problems({ type: 'sample' })).toEqual([
      {
        field: 'orderSource.orders',
        message: expect.stringMatching(/orderSource.orders must map 1 to 100 order ids/),
      },
    ]);
    for (const bad of [
      {},
      { '#1001': 'shipped' },
      { '1001': '' },
      { '1001': 7 },
      { '1001': 'x'.repeat(201) },
      ['shipped'],
    ]) {
      expect(problems({ type: 'sample', orders: bad }), JSON.stringify(bad)).toEqual([
        { field: 'orderSource.orders', message: expect.stringMatching(/must map 1 to 100 order ids/) },
      ]);
    }
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [String(i), 'ok']));
    expect(problems({ type: 'sample', orders: many })).toHaveLength(1);
    // Each kind's fields belong to it alone.
    expect(problems({ type: 'sample', orders, urlTemplate: 'https://shop.example.com/{orderId}' })).toEqual([
      {
        field: 'orderSource.urlTemplate',
        message: expect.stringMatching(/only for an order source of type "http"/),
      },
    ]);
    expect(problems({ type: 'sample', orders, headers: {} })).toEqual([
      {
        field: 'orderSource.headers',
        message: expect.stringMatching(/only for an order source of type "http"/),
      },
    ]);
    expect(problems({ type: 'http', urlTemplate: 'https://shop.example.com/{orderId}', orders })).toEqual([
      {
        field: 'orderSource.orders',
        message: expect.stringMatching(/only for an order source of type "sample"/),
      },
    ]);
    expect(problems({ type: 'http' })).toEqual([
      { field: 'orderSource.urlTemplate', message: expect.any(String) },
    ]);
    expect(problems({ type: 'shop', orders })).toEqual(
      expect.arrayContaining([{ field: 'orderSource.type', message: expect.stringMatching(/http, sample/) }]),
    );
  });
});
