import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError } from '../../common/http/errors';
import { ApiKeysService } from '../auth/api-keys.service';
import type { CreatedApiKeyDto } from '../auth/dto/api-key.dto';
import { Member } from './member.entity';
import type { Role } from '../../common/auth/roles';
import { Workspace } from './workspace.entity';

export interface WorkspaceView {
  id: string;
  name: string;
  /** Requests per minute for each key without its own limit; null → `NHX_RATE_LIMIT_PER_MINUTE`. */
  rateLimitPerMinute: number | null;
  createdAt: string;
}

export interface MemberView {
  id: string;
  workspaceId: string;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
}

export function toWorkspaceView(workspace: Workspace): WorkspaceView {
  return {
    id: workspace.id,
    name: workspace.name,
    rateLimitPerMinute: workspace.rateLimitPerMinute,
    createdAt: workspace.createdAt.toISOString(),
  };
}

export function toMemberView(member: Member): MemberView {
  return {
    id: member.id,
    workspaceId: member.workspace.id,
    email: member.email,
    name: member.name,
    role: member.role,
    createdAt: member.createdAt.toISOString(),
  };
}

/** Workspaces and their members: created by operators (the CLI, standing in for the dashboard). */
@Injectable()
export class WorkspacesService {
  constructor(
    private readonly em: EntityManager,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** A workspace, its owner and the owner's first key, all or nothing. */
  async createWorkspace(input: {
    name: string;
    ownerEmail: string;
    ownerName?: string;
    rateLimitPerMinute?: number | null;
  }): Promise<{
    workspace: WorkspaceView;
    member: MemberView;
    apiKey: CreatedApiKeyDto;
  }> {
    return this.em.transactional(async (em) => {
      const workspace = em.create(Workspace, {
        name: input.name,
        rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      });
      const member = em.create(Member, {
        workspace,
        email: normaliseEmail(input.ownerEmail),
        name: input.ownerName ?? null,
        role: 'owner',
      });
      em.persist([workspace, member]);
      const apiKey = await this.apiKeys.issue(em, {
        member,
        name: 'Owner key',
        createdBy: null,
        deferReveal: false,
      });
      return { workspace: toWorkspaceView(workspace), member: toMemberView(member), apiKey };
    });
  }

  async addMember(input: {
    workspaceId: string;
    email: string;
    role: Role;
    name?: string;
  }): Promise<MemberView> {
    const workspace = await this.em.findOne(Workspace, { id: input.workspaceId });
    if (!workspace) throw ApiError.notFound('workspace');
    const member = this.em.create(Member, {
      workspace,
      email: normaliseEmail(input.email),
      name: input.name ?? null,
      role: input.role,
    });
    try {
      await this.em.persistAndFlush(member);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'conflict',
          `${member.email} is already a member of ${workspace.id}.`,
        );
      }
      throw error;
    }
    return toMemberView(member);
  }

  /** The workspace's rate limit (null: back to the default); applies from each key's next request. */
  async setRateLimit(workspaceId: string, rateLimitPerMinute: number | null): Promise<WorkspaceView> {
    const workspace = await this.em.findOne(Workspace, { id: workspaceId });
    if (!workspace) throw ApiError.notFound('workspace');
    workspace.rateLimitPerMinute = rateLimitPerMinute;
    await this.em.flush();
    return toWorkspaceView(workspace);
  }

  /** Deletes a workspace with everything in it: every table's rows of it cascade. */
  async remove(workspaceId: string): Promise<void> {
    await this.em.nativeDelete(Workspace, { id: workspaceId });
  }

  async findMember(memberId: string): Promise<Member> {
    const member = await this.em.findOne(Member, { id: memberId });
    if (!member) throw ApiError.notFound('member');
    return member;
  }

  /** The member of a workspace with this email (compared as stored: lower-cased), or 404. */
  async findMemberByEmail(workspaceId: string, email: string): Promise<Member> {
    const member = await this.em.findOne(Member, { workspace: workspaceId, email: normaliseEmail(email) });
    if (!member) throw ApiError.notFound('member with this email in the workspace');
    return member;
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
