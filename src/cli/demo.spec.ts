import { describe, expect, it } from 'vitest';
import { DEMO_BOTS, DEMO_CONVERSATIONS } from './demo-data';
import { planDemo } from './demo';

describe('the demo timeline', () => {
  const now = new Date('2026-03-14T09:21:47.120Z');
  const plan = planDemo(now);

  it('is in time order, entirely in the past, over the last four days', () => {
    const times = plan.map((step) => step.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    expect(now.getTime() - Math.min(...times)).toBeLessThan(4 * 86_400_000);
    expect(now.getTime() - Math.min(...times)).toBeGreaterThan(3 * 86_400_000);
  });

  it('opens every conversation before any of its steps, and keeps each script in order', () => {
    DEMO_CONVERSATIONS.forEach((script, conversation) => {
      const steps = plan.filter((step) => step.conversation === conversation).map((step) => step.step);
      expect(steps[0]).toEqual({ kind: 'open' });
      expect(steps.slice(1)).toEqual(script.steps);
    });
  });

  it('is the same relative to any start', () => {
    const later = planDemo(new Date(now.getTime() + 86_400_000));
    expect(later.map((step) => step.at.getTime() - 86_400_000)).toEqual(
      plan.map((step) => step.at.getTime()),
    );
  });
});

describe('the demo bots', () => {
  it('have exactly the configuration fields `bot create --config` reads', () => {
    for (const bot of DEMO_BOTS) {
      expect(Object.keys(bot.config).sort()).toEqual(
        [
          'confidenceThreshold',
          'escalationPhrases',
          'fallbackLimit',
          'fallbackMessage',
          'greeting',
          'knowledgeBase',
          'leadCapture',
          'orderSource',
        ].sort(),
      );
      expect(bot.config.confidenceThreshold).toBeGreaterThan(0);
      expect(bot.config.confidenceThreshold).toBeLessThan(1);
      for (const entry of bot.config.knowledgeBase)
        expect(Object.keys(entry)).toEqual(['question', 'answer', 'keywords']);
    }
    expect(DEMO_BOTS.filter((bot) => !bot.isActive)).toHaveLength(1);
  });

  it('answer, in the scripts, only from their own knowledge base or with a non-KB message', () => {
    for (const script of DEMO_CONVERSATIONS) {
      const bot = DEMO_BOTS.find((candidate) => candidate.key === script.bot)!;
      const answers = new Set(bot.config.knowledgeBase.map((entry) => entry.answer));
      for (const step of script.steps) {
        if (step.kind === 'bot' && step.confidence !== null) expect(answers).toContain(step.text);
        if (step.kind === 'bot' && step.confidence !== null) {
          expect(step.confidence).toBeGreaterThanOrEqual(bot.config.confidenceThreshold);
        }
        if (step.kind === 'fallback') expect(step.confidence).toBeLessThan(bot.config.confidenceThreshold);
      }
    }
  });

  it('hand over when the runtime would: on an escalation phrase, or at the fallback limit', () => {
    let escalations = 0;
    for (const script of DEMO_CONVERSATIONS) {
      const bot = DEMO_BOTS.find((candidate) => candidate.key === script.bot)!;
      let fallbacks = 0;
      let lastCustomer = '';
      for (const step of script.steps) {
        if (step.kind === 'customer') lastCustomer = step.text;
        if (step.kind === 'fallback') fallbacks += 1;
        if (step.kind === 'bot' || step.kind === 'order') fallbacks = 0;
        if (step.kind !== 'escalate') continue;
        escalations += 1;
        if (step.reason === 'customer_requested') {
          // The engine's match is looser (case, diacritics, plurals); whole words suffice here.
          const words = ` ${lastCustomer.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
          expect(bot.config.escalationPhrases.some((phrase) => words.includes(` ${phrase} `))).toBe(true);
        } else {
          expect(fallbacks + 1).toBe(bot.config.fallbackLimit);
          expect(step.confidence).toBeLessThan(bot.config.confidenceThreshold);
        }
      }
    }
    expect(escalations).toBeGreaterThan(1);
  });
});
