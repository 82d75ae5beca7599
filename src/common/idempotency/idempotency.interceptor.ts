import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  HttpStatus,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { SecretBox } from '../../core/crypto/secret-box';
import type { Principal } from '../auth/principal';
import { ApiError } from '../http/errors';
import { IdempotencyRepository } from './idempotency.repository';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** How long a key and its response are kept (README, `Idempotency-Key`). */
export const IDEMPOTENCY_WINDOW_HOURS = 24;
/** 1 to 255 visible ASCII characters; the pattern as the OpenAPI document states it (with the length). */
export const IDEMPOTENCY_KEY_PATTERN = '^[!-~]+$';
export const IDEMPOTENCY_KEY_MESSAGE = 'Idempotency-Key must be 1 to 255 visible ASCII characters';
const KEY_SHAPE = /^[!-~]{1,255}$/;

/** JSON with object keys sorted: the same body spelled in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

const sealContext = (credentialId: string, key: string) => `idempotency:${credentialId}:${key}`;

/**
 * `Idempotency-Key` on the authenticated POSTs marked `@Idempotent()` (README, `Idempotency-Key`), stored in PostgreSQL per API key:
 *
 * 1. The key's row is inserted if new, in its own statement (committed at once, never blocking).
 * 2. One transaction locks the row `FOR UPDATE NOWAIT`: a lock held elsewhere means the first
 *    request is still in flight → 409. Another fingerprint → 422. A stored response → replayed with
 *    `Idempotent-Replayed: true`. Otherwise the handler runs in this same transaction, and its
 *    response is stored before the commit: the action and its record commit together, so a retry
 *    after a crash either replays or runs again, never half of each.
 *
 * Failed requests store nothing: the same key may be used again, with any request. Keys older than
 * 24 hours start over.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly em: EntityManager,
    private readonly keys: IdempotencyRepository,
    private readonly secrets: SecretBox,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { principal?: Principal }>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (request.method !== 'POST' || header === undefined || !request.principal) return next.handle();
    const key = Array.isArray(header) ? header.join(',') : header;
    if (!KEY_SHAPE.test(key)) {
      throw ApiError.validation([{ field: 'Idempotency-Key', message: IDEMPOTENCY_KEY_MESSAGE }]);
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      HttpStatus.CREATED;
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    return from(this.run(request.principal.credentialId, key, fingerprint, status, reply, next));
  }

  private async run(
    credentialId: string,
    key: string,
    fingerprint: string,
    status: number,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    await this.keys.insertIfNew(credentialId, key, fingerprint);
    return this.em.transactional(async (em) => {
      const stored = await this.keys.lock(em, credentialId, key, IDEMPOTENCY_WINDOW_HOURS);
      if (stored === 'in-flight') {
        throw new ApiError(
          HttpStatus.CONFLICT,
          'conflict',
          'A request with this Idempotency-Key is still in progress; retry once it has finished.',
        );
      }
      if (!stored || stored.expired) {
        // Purged or past its window since step 1: this request is the key's first.
        await this.keys.restart(em, credentialId, key, fingerprint);
      } else if (stored.statusCode === null || stored.sealedResponse === null) {
        // Never answered: the first request failed (nothing is stored for it), so this one takes the key.
        if (stored.fingerprint !== fingerprint)
          await this.keys.setFingerprint(em, credentialId, key, fingerprint);
      } else if (stored.fingerprint !== fingerprint) {
        throw new ApiError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'idempotency_key_reused',
          'This Idempotency-Key was used with another request (a different endpoint or body); use a new key.',
        );
      } else {
        void reply.header(REPLAYED_HEADER, 'true');
        return JSON.parse(
          this.secrets.open(stored.sealedResponse, sealContext(credentialId, key)),
        ) as unknown;
      }
      const body: unknown = await lastValueFrom(next.handle() as Observable<unknown>, {
        defaultValue: undefined,
      });
      await this.keys.storeResponse(em, credentialId, key, {
        statusCode: status,
        sealedResponse: this.secrets.seal(JSON.stringify(body ?? null), sealContext(credentialId, key)),
      });
      return body;
    });
  }
}
