import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { EventType } from '../modules/events/event-types';

/** A row and the time the demo's script gives it. */
export interface TimedRow {
  id: string;
  at: Date;
}

/**
 * The demo seed's own SQL: it moves the rows it wrote through the services (now, in one
 * transaction) back to the times of its script. No production path may rewrite history, so these
 * writes live beside the seed rather than in the modules' repositories, where every caller could
 * reach them. Every statement is confined to the new demo workspace and runs in the seed's
 * transaction.
 */
@Injectable()
export class DemoTimelineRepository {
  async moveConversations(
    em: EntityManager,
    workspaceId: string,
    rows: {
      id: string;
      createdAt: Date;
      updatedAt: Date;
      resolvedAt: Date | null;
      escalatedAt: Date | null;
    }[],
  ): Promise<void> {
    await em.execute(
      `UPDATE conversations c SET created_at = v.created_at, updated_at = v.updated_at,
              resolved_at = v.resolved_at, escalated_at = v.escalated_at
         FROM json_to_recordset(?::json) AS v(id text, created_at timestamptz, updated_at timestamptz,
                                              resolved_at timestamptz, escalated_at timestamptz)
        WHERE c.id = v.id AND c.workspace_id = ?`,
      [
        JSON.stringify(
          rows.map((row) => ({
            id: row.id,
            created_at: row.createdAt,
            updated_at: row.updatedAt,
            resolved_at: row.resolvedAt,
            escalated_at: row.escalatedAt,
          })),
        ),
        workspaceId,
      ],
    );
  }

  moveMessages(em: EntityManager, workspaceId: string, rows: TimedRow[]): Promise<void> {
    return this.moveCreatedAt(em, 'messages', workspaceId, rows);
  }

  moveLeads(em: EntityManager, workspaceId: string, rows: TimedRow[]): Promise<void> {
    return this.moveCreatedAt(em, 'leads', workspaceId, rows);
  }

  moveBots(em: EntityManager, workspaceId: string, rows: TimedRow[]): Promise<void> {
    return this.moveCreatedAt(em, 'bots', workspaceId, rows);
  }

  /** The workspace and its owner, opened at `at`. */
  async moveWorkspace(em: EntityManager, workspaceId: string, ownerId: string, at: Date): Promise<void> {
    await em.execute('UPDATE workspaces SET created_at = ? WHERE id = ?', [at, workspaceId]);
    await em.execute('UPDATE members SET created_at = ? WHERE id = ? AND workspace_id = ?', [
      at,
      ownerId,
      workspaceId,
    ]);
  }

  /** The workspace's outbox rows in the order they were written, their data as stored (JSON text). */
  workspaceEvents(
    em: EntityManager,
    workspaceId: string,
  ): Promise<{ id: string; type: EventType; data: string }[]> {
    return em.execute('SELECT id, type, data::text AS data FROM events WHERE workspace_id = ? ORDER BY seq', [
      workspaceId,
    ]);
  }

  /** Gives events their script's time and their rewritten data (JSON text, so key order stays). */
  async moveEvents(
    em: EntityManager,
    workspaceId: string,
    rows: { id: string; at: Date; data: string }[],
  ): Promise<void> {
    await em.execute(
      `UPDATE events e SET created_at = v.t, data = v.d::json
         FROM json_to_recordset(?::json) AS v(id text, t timestamptz, d text)
        WHERE e.id = v.id AND e.workspace_id = ?`,
      [JSON.stringify(rows.map((row) => ({ id: row.id, t: row.at, d: row.data }))), workspaceId],
    );
  }

  private async moveCreatedAt(
    em: EntityManager,
    table: 'messages' | 'leads' | 'bots',
    workspaceId: string,
    rows: TimedRow[],
  ): Promise<void> {
    await em.execute(
      `UPDATE ${table} r SET created_at = v.t FROM json_to_recordset(?::json) AS v(id text, t timestamptz)
        WHERE r.id = v.id AND r.workspace_id = ?`,
      [JSON.stringify(rows.map((row) => ({ id: row.id, t: row.at }))), workspaceId],
    );
  }
}
