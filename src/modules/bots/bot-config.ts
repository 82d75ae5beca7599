import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ErrorDetail } from '../../common/http/errors';
import { checkTargetUrl, UnsafeTargetError, type TargetPolicy } from '../../common/net/ssrf';
import { BotConfigDto, SAMPLE_ORDER_IDS, type OrderSourceDto } from './dto/bot-config.dto';

/** A bot's configuration with every default filled in: what the runtime works with. */
export interface BotConfig {
  greeting: string;
  fallbackMessage: string;
  confidenceThreshold: number;
  fallbackLimit: number;
  escalationPhrases: string[];
  leadCapture: boolean;
  knowledgeBase: { question: string; answer: string; keywords: string[] }[];
  orderSource: OrderSource | null;
}

/** Where a bot looks orders up: an HTTP JSON endpoint, or the sample orders its configuration lists. */
export type OrderSource =
  | { type: 'http'; urlTemplate: string; headers: Record<string, string> }
  | { type: 'sample'; orders: Record<string, string> };

export const DEFAULT_BOT_CONFIG: Readonly<BotConfig> = Object.freeze({
  greeting: 'Hi! How can I help?',
  fallbackMessage: "Sorry, I didn't catch that. Could you rephrase?",
  confidenceThreshold: 0.5,
  fallbackLimit: 2,
  escalationPhrases: ['human', 'agent', 'talk to someone'],
  leadCapture: true,
  knowledgeBase: [],
  orderSource: null,
});

/** A configuration that failed validation; `details` has one entry per problem, dotted by field. */
export class BotConfigError extends Error {
  constructor(readonly details: ErrorDetail[]) {
    super(`Invalid bot configuration: ${details.map((d) => d.message).join('; ')}`);
    this.name = 'BotConfigError';
  }
}

/**
 * One detail per field: its most basic failed check. class-validator runs a property's decorators
 * bottom-up, so that is the last one it reports (`must be a string` before `must be shorter`).
 */
function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const message = Object.values(error.constraints ?? {}).at(-1);
    const own = message === undefined ? [] : [{ field, message: parent ? `${parent}.${message}` : message }];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * The order source's URL under the rules webhook targets follow (`checkTargetUrl`), with a sample
 * order id in place of `{orderId}`; the lookup checks the real URL again, and its addresses when it
 * connects.
 */
function orderSourceProblems(urlTemplate: string, targets: TargetPolicy): ErrorDetail[] {
  try {
    checkTargetUrl(urlTemplate.replaceAll('{orderId}', SAMPLE_ORDER_IDS[0]), targets);
    return [];
  } catch (error) {
    if (!(error instanceof UnsafeTargetError)) throw error;
    return [{ field: 'orderSource.urlTemplate', message: `orderSource.urlTemplate ${error.message}` }];
  }
}

/**
 * Validates a bot configuration (unknown fields are errors) and fills in the defaults. Throws
 * `BotConfigError` listing every problem. With `targets` (when a configuration is stored), the
 * order source must also be a target the service may call.
 */
export function parseBotConfig(input: unknown, options: { targets?: TargetPolicy } = {}): BotConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new BotConfigError([{ field: 'config', message: 'the configuration must be a JSON object' }]);
  }
  const dto = plainToInstance(BotConfigDto, input);
  const errors = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new BotConfigError(flatten(errors));
  if (dto.orderSource?.type === 'http' && dto.orderSource.urlTemplate !== undefined && options.targets) {
    const problems = orderSourceProblems(dto.orderSource.urlTemplate, options.targets);
    if (problems.length > 0) throw new BotConfigError(problems);
  }
  return {
    greeting: dto.greeting ?? DEFAULT_BOT_CONFIG.greeting,
    fallbackMessage: dto.fallbackMessage ?? DEFAULT_BOT_CONFIG.fallbackMessage,
    confidenceThreshold: dto.confidenceThreshold ?? DEFAULT_BOT_CONFIG.confidenceThreshold,
    fallbackLimit: dto.fallbackLimit ?? DEFAULT_BOT_CONFIG.fallbackLimit,
    escalationPhrases: dto.escalationPhrases ?? [...DEFAULT_BOT_CONFIG.escalationPhrases],
    leadCapture: dto.leadCapture ?? DEFAULT_BOT_CONFIG.leadCapture,
    knowledgeBase: (dto.knowledgeBase ?? []).map((entry) => ({
      question: entry.question,
      answer: entry.answer,
      keywords: entry.keywords ?? [],
    })),
    orderSource: toOrderSource(dto.orderSource ?? null),
  };
}

function toOrderSource(dto: OrderSourceDto | null): OrderSource | null {
  if (dto === null) return null;
  if (dto.type === 'sample') return { type: 'sample', orders: { ...dto.orders } };
  return { type: 'http', urlTemplate: dto.urlTemplate!, headers: dto.headers ?? {} };
}
