import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { CreatedApiKeyDto } from '../modules/auth/dto/api-key.dto';
import { Bot } from '../modules/bots/bot.entity';
import { toBotDto } from '../modules/bots/bots.repository';
import type { BotDto } from '../modules/bots/dto/bot.dto';
import type {
  ConversationStatus,
  Handler,
  MessageAuthor,
} from '../modules/conversations/conversation-states';
import type { NewMessage } from '../modules/conversations/conversations.repository';
import { ConversationsService } from '../modules/conversations/conversations.service';
import type { EventData, EventType } from '../modules/events/event-types';
import { EventsService } from '../modules/events/events.service';
import { Workspace } from '../modules/workspaces/workspace.entity';
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
  type DemoStep,
} from './demo-data';

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

/** Milliseconds after a step at which the bot's follow-up (order reply, handover message) is stored. */
const ORDER_REPLY_DELAY_MS = 350;
const HANDOVER_DELAY_MS = 400;

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
    const lastFollowUp = Math.max(ORDER_REPLY_DELAY_MS, HANDOVER_DELAY_MS);
    if (at + lastFollowUp >= now.getTime()) {
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
  transcript: { author: MessageAuthor; text: string; sentAt: string }[];
  lastCustomerText: string;
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
 * so the outbox holds every event they emit. Everything happens now, in one transaction, in the
 * order of the demo's timeline; then the seeded rows (and their events) are moved back to the
 * times the timeline gives them, so the data looks like the last four days of a real workspace.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly em: EntityManager,
    private readonly workspaces: WorkspacesService,
    private readonly conversations: ConversationsService,
    private readonly events: EventsService,
  ) {}

  async seed(now = new Date()): Promise<DemoOutput> {
    const plan = planDemo(now);
    const created = await this.workspaces.createWorkspace(DEMO_WORKSPACE);
    try {
      return await this.em.transactional((em) => this.seedInto(em, created, plan));
    } catch (error) {
      // All or nothing: no half-seeded workspace (and no working key to one) is left behind.
      await this.em.execute('DELETE FROM workspaces WHERE id = ?', [created.workspace.id]);
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
    const workspace = em.getReference(Workspace, workspaceId);
    const bots = new Map<string, Bot>();
    for (const demoBot of DEMO_BOTS) {
      const bot = em.create(Bot, {
        workspace,
        name: demoBot.name,
        isActive: demoBot.isActive,
        config: { ...demoBot.config },
      });
      bots.set(demoBot.key, bot);
    }
    await em.flush();

    const threads: Thread[] = [];
    const messageTimes: { id: string; t: string }[] = [];
    const leadTimes: { id: string; t: string }[] = [];
    const eventTimes: { type: EventType; t: Date }[] = [];

    const emit = async <T extends EventType>(type: T, at: Date, data: EventData[T]) => {
      await this.events.emit(em, workspaceId, type, data);
      eventTimes.push({ type, t: at });
    };
    const append = async (
      thread: Thread,
      at: Date,
      message: NewMessage,
      changes: { handler?: Handler; reopen?: boolean } = {},
    ) => {
      const sent = await this.conversations.appendMessage(em, workspaceId, thread.id, message, changes);
      messageTimes.push({ id: sent.messageId, t: at.toISOString() });
      eventTimes.push({ type: 'message.sent', t: at });
      thread.transcript.push({ author: message.author, text: message.text, sentAt: at.toISOString() });
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
          transcript: [],
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
            lookupSource: 'http',
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
          leadTimes.push({ id: leadId, t: at.toISOString() });
          eventTimes.push({ type: 'lead.captured', t: at });
          break;
        }
        case 'escalate': {
          // What the runtime's bot engine does on an escalation phrase or too many fallbacks.
          await em.execute(
            `UPDATE conversations SET status = 'escalated', handler = 'team', escalated_at = clock_timestamp(),
                    updated_at = greatest(updated_at, clock_timestamp())
              WHERE id = ? AND workspace_id = ?`,
            [thread.id, workspaceId],
          );
          Object.assign(thread, { status: 'escalated', handler: 'team', escalatedAt: at, updatedAt: at });
          await emit('conversation.escalation', at, {
            ...refs(thread),
            reason: step.reason,
            transcript: [...thread.transcript],
            escalatedAt: at.toISOString(),
          });
          const handoverAt = new Date(at.getTime() + HANDOVER_DELAY_MS);
          await append(thread, handoverAt, { author: 'bot', channel: 'bot', text: HANDOVER_MESSAGE });
          break;
        }
        case 'resolve': {
          if (thread.status === 'resolved')
            throw new Error(`demo conversation ${conversation} resolved twice`);
          await this.conversations.resolve(em, workspaceId, thread.id);
          eventTimes.push({ type: 'conversation.resolved', t: at });
          Object.assign(thread, { status: 'resolved', resolvedAt: at, updatedAt: at });
          break;
        }
      }
    }

    await this.backdate(em, { workspaceId, memberId: created.member.id, bots, threads });
    await this.backdateRows(em, 'messages', messageTimes);
    await this.backdateRows(em, 'leads', leadTimes);
    await this.backdateEvents(em, workspaceId, eventTimes);
    await this.verify(em, workspaceId, threads);

    const [times] = await em.execute<{ workspace: Date; member: Date }[]>(
      `SELECT w.created_at AS workspace, m.created_at AS member
         FROM workspaces w JOIN members m ON m.workspace_id = w.id WHERE w.id = ? AND m.id = ?`,
      [workspaceId, created.member.id],
    );
    const botRows = await em.execute<{ id: string; name: string; is_active: boolean; created_at: Date }[]>(
      'SELECT id, name, is_active, created_at FROM bots WHERE workspace_id = ? ORDER BY created_at, id',
      [workspaceId],
    );
    return {
      workspace: { ...created.workspace, createdAt: new Date(times.workspace).toISOString() },
      member: { ...created.member, createdAt: new Date(times.member).toISOString() },
      apiKey: created.apiKey,
      bots: botRows.map((row) => ({
        ...toBotDto({
          id: row.id,
          name: row.name,
          isActive: row.is_active,
          createdAt: new Date(row.created_at),
        }),
        workspaceId,
      })),
    };
  }

  /** Conversations to their timeline's times; bots, workspace and owner before the first of them. */
  private async backdate(
    em: EntityManager,
    input: { workspaceId: string; memberId: string; bots: Map<string, Bot>; threads: Thread[] },
  ): Promise<void> {
    await em.execute(
      `UPDATE conversations c SET created_at = v.created_at, updated_at = v.updated_at,
              resolved_at = v.resolved_at, escalated_at = v.escalated_at
         FROM json_to_recordset(?::json) AS v(id text, created_at timestamptz, updated_at timestamptz,
                                              resolved_at timestamptz, escalated_at timestamptz)
        WHERE c.id = v.id AND c.workspace_id = ?`,
      [
        JSON.stringify(
          input.threads.map((thread) => ({
            id: thread.id,
            created_at: thread.createdAt.toISOString(),
            updated_at: thread.updatedAt.toISOString(),
            resolved_at: thread.resolvedAt?.toISOString() ?? null,
            escalated_at: thread.escalatedAt?.toISOString() ?? null,
          })),
        ),
        input.workspaceId,
      ],
    );
    const firstConversation = Math.min(...input.threads.map((thread) => thread.createdAt.getTime()));
    const botTimes = DEMO_BOTS.map((demoBot, index) => ({
      id: input.bots.get(demoBot.key)!.id,
      // Whole minutes apart in the morning of their day, so the list order is the definition order.
      t: new Date(
        firstConversation - demoBot.createdDaysEarlier * 86_400_000 - (DEMO_BOTS.length - index) * 600_000,
      ),
    }));
    await this.backdateRows(
      em,
      'bots',
      botTimes.map(({ id, t }) => ({ id, t: t.toISOString() })),
    );
    const opened = new Date(Math.min(...botTimes.map(({ t }) => t.getTime())) - 86_400_000).toISOString();
    await em.execute('UPDATE workspaces SET created_at = ? WHERE id = ?', [opened, input.workspaceId]);
    await em.execute('UPDATE members SET created_at = ? WHERE id = ?', [opened, input.memberId]);
  }

  private async backdateRows(
    em: EntityManager,
    table: 'messages' | 'leads' | 'bots',
    rows: { id: string; t: string }[],
  ): Promise<void> {
    await em.execute(
      `UPDATE ${table} r SET created_at = v.t FROM json_to_recordset(?::json) AS v(id text, t timestamptz)
        WHERE r.id = v.id`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * The workspace's outbox rows are exactly the events this transaction emitted, in emission
   * order (`seq`): each gets its step's time, in `created_at` and in its own time field.
   */
  private async backdateEvents(
    em: EntityManager,
    workspaceId: string,
    expected: { type: EventType; t: Date }[],
  ): Promise<void> {
    const rows = await em.execute<{ id: string; type: EventType; data: string }[]>(
      'SELECT id, type, data::text AS data FROM events WHERE workspace_id = ? ORDER BY seq',
      [workspaceId],
    );
    if (rows.length !== expected.length || rows.some((row, i) => row.type !== expected[i].type)) {
      throw new Error(
        `demo seed: expected events ${expected.map((e) => e.type).join(', ')}; the outbox holds ${rows
          .map((row) => row.type)
          .join(', ')}`,
      );
    }
    const updates = rows.map((row, i) => {
      // JSON.parse keeps the key order, so the rewritten data lists its fields as emitted.
      const data = JSON.parse(row.data) as Record<string, unknown>;
      data[EVENT_TIME_FIELD[row.type]] = expected[i].t.toISOString();
      return { id: row.id, t: expected[i].t.toISOString(), d: JSON.stringify(data) };
    });
    await em.execute(
      `UPDATE events e SET created_at = v.t, data = v.d::json
         FROM json_to_recordset(?::json) AS v(id text, t timestamptz, d text)
        WHERE e.id = v.id`,
      [JSON.stringify(updates)],
    );
  }

  /** The stored state is the one the script describes; anything else is a bug in the demo. */
  private async verify(em: EntityManager, workspaceId: string, threads: Thread[]): Promise<void> {
    const rows = await em.execute<{ id: string; status: string; handler: string; message_count: number }[]>(
      'SELECT id, status, handler, message_count FROM conversations WHERE workspace_id = ?',
      [workspaceId],
    );
    const stored = new Map(rows.map((row) => [row.id, row]));
    for (const [index, thread] of threads.entries()) {
      const row = stored.get(thread.id);
      const expected = { status: thread.status, handler: thread.handler, count: thread.transcript.length };
      if (
        !row ||
        row.status !== expected.status ||
        row.handler !== expected.handler ||
        row.message_count !== expected.count
      ) {
        throw new Error(
          `demo conversation ${index}: stored ${JSON.stringify(row)}, scripted ${JSON.stringify(expected)}`,
        );
      }
    }
  }
}
