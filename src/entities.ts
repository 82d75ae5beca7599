import { IdempotencyKey } from './common/idempotency/idempotency-key.entity';
import { ApiKey } from './modules/auth/api-key.entity';
import { DashboardSession } from './modules/auth/dashboard-session.entity';
import { LoginLink } from './modules/auth/login-link.entity';
import { Bot } from './modules/bots/bot.entity';
import { Conversation } from './modules/conversations/conversation.entity';
import { Lead } from './modules/conversations/lead.entity';
import { Message } from './modules/conversations/message.entity';
import { OutboxEvent } from './modules/events/event.entity';
import { DeliveryAttempt } from './modules/hooks/delivery-attempt.entity';
import { Delivery } from './modules/hooks/delivery.entity';
import { HookSubscription } from './modules/hooks/hook-subscription.entity';
import { WidgetSession } from './modules/widget/widget-session.entity';
import { Member } from './modules/workspaces/member.entity';
import { Workspace } from './modules/workspaces/workspace.entity';

/** Every entity of the product: one list for the app, the CLI and the migration generator (the ORM
 * configuration in `core/database` reads it from here). */
export const ENTITIES = [
  Workspace,
  Member,
  ApiKey,
  Bot,
  Conversation,
  Message,
  Lead,
  OutboxEvent,
  IdempotencyKey,
  HookSubscription,
  Delivery,
  DeliveryAttempt,
  WidgetSession,
  LoginLink,
  DashboardSession,
];
