import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CreatedApiKeyDto } from '../modules/auth/dto/api-key.dto';
import { BotsService } from '../modules/bots/bots.service';
import type { BotDto } from '../modules/bots/dto/bot.dto';
import type { ConversationStatus, Handler } from '../modules/conversations/conversation-states';
import type { NewMessage } from '../modules/conversations/conversations.repository';
import {
  ConversationsService,
  MAX_TRANSCRIPT_MESSAGES,
} from '../modules/conversations/conversations.service';
import type { EventData, EventType } from '../modules/events/event-types';
import { EventsService } from '../modules/events/events.service';
import {
  WorkspacesService,
  type MemberView,
  type WorkspaceView,
} from '../modules/workspaces/workspaces.service';
import {
  DEMO_BOTS,
  DEMO_CONVERSATIONS,
  DEMO_WORKSPACE,
  HANDOVER_MESSAGE,
  type DemoBot,
  type DemoBotKey,
  type DemoStep,
} from './demo-data';
import { DemoTimelineRepository, type TimedRow } from './demo-timeline.repository';

export interface DemoOutput {
  workspace: WorkspaceView;
  member: MemberView;
  apiKey: CreatedApiKeyDto;
  bots: (BotDto & { workspaceId: string })[];
}

/** One step of the demo's timeline: a conversation opens, or one of its scripted steps happens. */
export interface PlannedStep {
  conversation: number;
  at: Date;
  step: DemoStep | { kind: 'open' };
}

/** Milliseconds after the order lookup at which the bot's reply stating the status is stored. */
const ORDER_REPLY_DELAY_MS = 350;

/**
 * The demo's timeline relative to `now`: every conversation's steps at their scripted offsets
 * (with a few seconds of deterministic jitter), all interleaved in time order, all in the past.
 */
export function planDemo(now: Date): PlannedStep[] {
  const planned: PlannedStep[] = [];
  DEMO_CONVERSATIONS.forEach((script, conversation) => {
    let at =
      now.getTime() - Math.round(script.startedHoursAgo * 3_600_000) - ((conversation * 7_919) % 60_000);
    planned.push({ conversation, at: new Date(at), step: { kind: 'open' } });
    for (const step of script.steps) {
      at += Math.round(step.after * 1000);
      planned.push({ conversation, at: new Date(at), step });
    }
    if (at + ORDER_REPLY_DELAY_MS >= now.getTime()) {
      throw new Error(`demo conversation ${conversation} would end in the future; start it earlier`);
    }
  });
  // Stable: steps of one conversation at the same instant keep their scripted order.
  return planned.sort((a, b) => a.at.getTime() - b.at.getTime());
}

interface Thread {
  id: string;
  bot: DemoBot;
  botId: string;
  sessionId: string;
  status: ConversationStatus;
  handler: Handler;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  escalatedAt: Date | null;
  /** The script's time of each of its messages, in order. */
  messageTimes: Date[];
  lastCustomerText: string;
}

/** An event the seed caused, with the time the script gives it. */
interface TimedEvent {
  type: EventType;
  at: Date;
  /** `conversation.escalation`: the script's times of the messages in its transcript. */
  transcriptTimes?: Date[];
}

/** Where each event type carries its own time; rewritten with the row's `created_at`. */
const EVENT_TIME_FIELD: Record<EventType, string> = {
  'message.sent': 'sentAt',
  'lead.captured': 'capturedAt',
  'order.lookup': 'lookedUpAt',
  'conversation.fallback': 'fellBackAt',
  'conversation.escalation': 'escalatedAt',
  'conversation.resolved': 'resolvedAt',
};

/**
 * `nebulahex demo`: a new workspace with its owner and key (as `workspace create`), three bots and
 * twenty conversations in every status, written through the services the API and the runtime use,
 * so the outbox holds every event they emit, in the order they emit them. Everything happens now,
 * in one transaction, in the order of the demo's timeline; then the seeded rows (and their events)
 * are moved back to the times the timeline gives them, so the data looks like the last four days
 * of a real workspace.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly em: EntityManager,
    private readonly workspaces: WorkspacesService,
    private readonly bots: BotsService,
    private readonly conversations: ConversationsService,
    private readonly events: EventsService,
    private readonly timeline: DemoTimelineRepository,
  ) {}

  async seed(now = new Date()): Promise<DemoOutput> {
    const plan = planDemo(now);
    const created = await this.workspaces.createWorkspace(DEMO_WORKSPACE);
    try {
      return await this.em.transactional((em) => this.seedInto(em, created, plan));
    } catch (error) {
      // All or nothing: no half-seeded workspace (and no working key to one) is left behind.
      await this.workspaces.remove(created.workspace.id);
      throw error;
    }
  }

  private async seedInto(
    em: EntityManager,
    created: { workspace: WorkspaceView; member: MemberView; apiKey: CreatedApiKeyDto },
    plan: PlannedStep[],
  ): Promise<DemoOutput> {
    const workspaceId = created.workspace.id;
    const keyId = created.apiKey.id;
    // Through the service (`bot create`), in this transaction: the configuration is validated.
    const bots = new Map<DemoBotKey, BotDto>();
    for (const demoBot of DEMO_BOTS) {
      const { workspaceId: _, ...bot } = await this.bots.create({
        workspaceId,
        name: demoBot.name,
        isActive: demoBot.isActive,
        config: demoBot.config,
      });
      bots.set(demoBot.key, bot);
    }

    const threads: Thread[] = [];
    const messageTimes: TimedRow[] = [];
    const leadTimes: TimedRow[] = [];
    const eventTimes: TimedEvent[] = [];

    const emit = async <T extends EventType>(type: T, at: Date, data: EventData[T]) => {
      await this.events.emit(em, workspaceId, type, data);
      eventTimes.push({ type, at });
    };
    const append = async (
      thread: Thread,
      at: Date,
      message: NewMessage,
      changes: { handler?: Handler; reopen?: boolean } = {},
    ) => {
      const sent = await this.conversations.appendMessage(em, workspaceId, thread.id, message, changes);
      messageTimes.push({ id: sent.messageId, at });
      eventTimes.push({ type: 'message.sent', at });
      thread.messageTimes.push(at);
      thread.updatedAt = at;
    };
    const refs = (thread: Thread) => ({
      conversationId: thread.id,
      botId: thread.botId,
      sessionId: thread.sessionId,
    });

    for (const { conversation, at, step } of plan) {
      const script = DEMO_CONVERSATIONS[conversation];
      if (step.kind === 'open') {
        const demoBot = DEMO_BOTS.find((candidate) => candidate.key === script.bot)!;
        const row = await this.conversations.open(em, {
          workspaceId,
          botId: bots.get(script.bot)!.id,
          customerName: script.customer.name,
          customerEmail: script.customer.email,
        });
        const thread: Thread = {
          id: row.id,
          bot: demoBot,
          botId: row.botId,
          sessionId: row.sessionId,
          status: 'open',
          handler: 'bot',
          createdAt: at,
          updatedAt: at,
          resolvedAt: null,
          escalatedAt: null,
          messageTimes: [],
          lastCustomerText: '',
        };
        threads[conversation] = thread;
        await append(thread, at, { author: 'bot', channel: 'bot', text: demoBot.config.greeting });
        continue;
      }
      const thread = threads[conversation];
      switch (step.kind) {
        case 'customer': {
          // After resolve, the customer's next message re-opens the conversation for the bot.
          const reopen = thread.status === 'resolved';
          await append(
            thread,
            at,
            { author: 'customer', channel: 'widget', text: step.text },
            reopen ? { reopen: true, handler: 'bot' } : {},
          );
          if (reopen) Object.assign(thread, { status: 'open', handler: 'bot', resolvedAt: null });
          thread.lastCustomerText = step.text;
          break;
        }
        case 'bot':
          await append(thread, at, {
            author: 'bot',
            channel: 'bot',
            text: step.text,
            confidenceScore: step.confidence,
          });
          break;
        case 'fallback':
          await append(thread, at, {
            author: 'bot',
            channel: 'bot',
            text: thread.bot.config.fallbackMessage,
            confidenceScore: step.confidence,
            wasFallback: true,
          });
          await emit('conversation.fallback', at, {
            ...refs(thread),
            lastMessage: thread.lastCustomerText,
            confidenceScore: step.confidence,
            fellBackAt: at.toISOString(),
          });
          break;
        case 'order': {
          await emit('order.lookup', at, {
            ...refs(thread),
            orderId: step.orderId,
            lookupSource: 'sample',
            lookedUpAt: at.toISOString(),
          });
          const replyAt = new Date(at.getTime() + ORDER_REPLY_DELAY_MS);
          await append(thread, replyAt, { author: 'bot', channel: 'bot', text: step.reply });
          break;
        }
        case 'team': {
          // As `POST /actions/send-message` with the demo key: the bot pauses on the thread.
          await append(
            thread,
            at,
            { author: 'team', channel: 'api', text: step.text, apiKeyId: keyId },
            { handler: 'team', reopen: true },
          );
          if (thread.status === 'resolved') Object.assign(thread, { status: 'open', resolvedAt: null });
          thread.handler = 'team';
          break;
        }
        case 'lead': {
          const { leadId } = await this.conversations.createLead(em, workspaceId, thread.id, {
            capturedFields: step.fields,
            source: step.source,
            apiKeyId: step.source === 'api' ? keyId : null,
          });
          leadTimes.push({ id: leadId, at });
          eventTimes.push({ type: 'lead.captured', at });
          break;
        }
        case 'escalate': {
          // The runtime's order: the handover reply, the fallback at the limit, then the escalation.
          const atLimit = step.reason === 'fallback_limit';
          await append(thread, at, {
            author: 'bot',
            channel: 'bot',
            text: HANDOVER_MESSAGE,
            ...(atLimit && { confidenceScore: step.confidence, wasFallback: true }),
          });
          if (atLimit) {
            await emit('conversation.fallback', at, {
              ...refs(thread),
              lastMessage: thread.lastCustomerText,
              confidenceScore: step.confidence,
              fellBackAt: at.toISOString(),
            });
          }
          await this.conversations.escalate(em, workspaceId, thread.id, step.reason);
          eventTimes.push({
            type: 'conversation.escalation',
            at,
            transcriptTimes: thread.messageTimes.slice(-MAX_TRANSCRIPT_MESSAGES),
          });
          Object.assign(thread, { status: 'escalated', handler: 'team', escalatedAt: at });
          break;
        }
        case 'resolve': {
          if (thread.status === 'resolved')
            throw new Error(`demo conversation ${conversation} resolved twice`);
          await this.conversations.resolve(em, workspaceId, thread.id);
          eventTimes.push({ type: 'conversation.resolved', at });
          Object.assign(thread, { status: 'resolved', resolvedAt: at, updatedAt: at });
          break;
        }
      }
    }

    await this.verify(em, workspaceId, threads);
    const times = await this.backdate(em, { workspaceId, ownerId: created.member.id, bots, threads });
    await this.timeline.moveMessages(em, workspaceId, messageTimes);
    await this.timeline.moveLeads(em, workspaceId, leadTimes);
    await this.backdateEvents(em, workspaceId, eventTimes);

    return {
      workspace: { ...created.workspace, createdAt: times.opened.toISOString() },
      member: { ...created.member, createdAt: times.opened.toISOString() },
      apiKey: created.apiKey,
      bots: DEMO_BOTS.map((demoBot) => ({
        ...bots.get(demoBot.key)!,
        createdAt: times.bots.get(demoBot.key)!.toISOString(),
        workspaceId,
      })),
    };
  }

  /**
   * Conversations to their timeline's times; bots, workspace and owner before the first of them.
   * Returns the times given to the workspace (and its owner) and to each bot.
   */
  private async backdate(
    em: EntityManager,
    input: { workspaceId: string; ownerId: string; bots: Map<DemoBotKey, BotDto>; threads: Thread[] },
  ): Promise<{ opened: Date; bots: Map<DemoBotKey, Date> }> {
    await this.timeline.moveConversations(em, input.workspaceId, input.threads);
    const firstConversation = Math.min(...input.threads.map((thread) => thread.createdAt.getTime()));
    // Whole minutes apart in the morning of their day, so the list order is the definition order.
    const bots = new Map(
      DEMO_BOTS.map((demoBot, index) => [
        demoBot.key,
        new Date(
          firstConversation - demoBot.createdDaysEarlier * 86_400_000 - (DEMO_BOTS.length - index) * 600_000,
        ),
      ]),
    );
    await this.timeline.moveBots(
      em,
      input.workspaceId,
      DEMO_BOTS.map((demoBot) => ({ id: input.bots.get(demoBot.key)!.id, at: bots.get(demoBot.key)! })),
    );
    const opened = new Date(Math.min(...[...bots.values()].map((at) => at.getTime())) - 86_400_000);
    await this.timeline.moveWorkspace(em, input.workspaceId, input.ownerId, opened);
    return { opened, bots };
  }

  /**
   * The workspace's outbox rows are exactly the events this transaction emitted, in emission
   * order (`seq`): each gets its step's time, in `created_at` and in its own time field, and an
   * escalation's transcript gets its messages' times.
   */
  private async backdateEvents(
    em: EntityManager,
    workspaceId: string,
    expected: TimedEvent[],
  ): Promise<void> {
    const rows = await this.timeline.workspaceEvents(em, workspaceId);
    if (rows.length !== expected.length || rows.some((row, i) => row.type !== expected[i].type)) {
      throw new Error(
        `demo seed: expected events ${expected.map((e) => e.type).join(', ')}; the outbox holds ${rows
          .map((row) => row.type)
          .join(', ')}`,
      );
    }
    const updates = rows.map((row, i) => {
      const { at, transcriptTimes } = expected[i];
      // JSON.parse keeps the key order, so the rewritten data lists its fields as emitted.
      const data = JSON.parse(row.data) as Record<string, unknown>;
      data[EVENT_TIME_FIELD[row.type]] = at.toISOString();
      if (transcriptTimes) {
        const transcript = data.transcript as { sentAt: string }[];
        if (transcript.length !== transcriptTimes.length) {
          throw new Error(`demo seed: an escalation's transcript holds ${transcript.length} messages`);
        }
        transcript.forEach((entry, j) => (entry.sentAt = transcriptTimes[j].toISOString()));
      }
      return { id: row.id, at, data: JSON.stringify(data) };
    });
    await this.timeline.moveEvents(em, workspaceId, updates);
  }

  /** The stored state is the one the script describes; anything else is a bug in the demo. */
  private async verify(em: EntityManager, workspaceId: string, threads: Thread[]): Promise<void> {
    for (const [index, thread] of threads.entries()) {
      const row = await this.conversations.find(em, workspaceId, thread.id);
      const stored = { status: row.status, handler: row.handler, count: row.messageCount };
      const expected = { status: thread.status, handler: thread.handler, count: thread.messageTimes.length };
      if (JSON.stringify(stored) !== JSON.stringify(expected)) {
        throw new Error(
          `demo conversation ${index}: stored ${JSON.stringify(stored)}, scripted ${JSON.stringify(expected)}`,
        );
      }
    }
  }
}
