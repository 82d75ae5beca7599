import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { WidgetSession } from './widget-session.entity';

/** A session as this repository's queries return it: the entity's fields, its relations as ids. */
export type WidgetSessionRow = Omit<WidgetSession, 'workspace' | 'conversation' | 'createdAt'> & {
  workspaceId: string;
  conversationId: string;
};

/** The `widget_sessions` table's queries. */
@Injectable()
export class WidgetSessionsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Stores a new session of a conversation, created when the conversation was. */
  async insert(em: EntityManager, session: WidgetSessionRow & { createdAt: Date }): Promise<void> {
    await em.execute(
      `INSERT INTO widget_sessions (id, workspace_id, conversation_id, token_hash, created_at)
       VALUES (?, ?, ?, ?, ?)`,
      [session.id, session.workspaceId, session.conversationId, session.tokenHash, session.createdAt],
    );
  }

  async find(sessionId: string): Promise<WidgetSessionRow | null> {
    const [row] = await this.em.execute<WidgetSessionRow[]>(
      `SELECT id, workspace_id AS "workspaceId", conversation_id AS "conversationId", token_hash AS "tokenHash"
         FROM widget_sessions WHERE id = ?`,
      [sessionId],
    );
    return row ?? null;
  }
}
