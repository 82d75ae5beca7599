import { createClient } from '../../clients/typescript/client';
import type { ErrorBody, ResponseBody } from '../../clients/typescript/types';

export type Me = ResponseBody<'/api/v1/auth/me', 'get', 200>;
export type ApiKey = ResponseBody<'/api/v1/auth/keys', 'get', 200>['keys'][number];
export type Role = Me['member']['role'];
export type Conversation = ResponseBody<'/api/v1/conversations', 'get', 200>['conversations'][number];
export type ConversationDetail = ResponseBody<'/api/v1/conversations/{conversationId}', 'get', 200>;
export type FeedEvent = ResponseBody<'/api/v1/events', 'get', 200>['events'][number];
export type Delivery = ResponseBody<'/api/v1/hooks/{hookId}/deliveries', 'get', 200>['deliveries'][number];
export type Hook = ResponseBody<'/api/v1/hooks', 'get', 200>['hooks'][number];
export type TestDelivery = ResponseBody<'/api/v1/hooks/{hookId}/test', 'post', 200>;
export type Sample = ResponseBody<'/api/v1/triggers/samples', 'get', 200>['samples'][number];

/** Roles from the highest down, as the API ranks them. */
export const ROLES: readonly Role[] = ['owner', 'admin', 'agent', 'viewer'];
export const rank = (role: Role): number => ROLES.length - ROLES.indexOf(role);
export const atLeast = (role: Role, needed: Role): boolean => rank(role) >= rank(needed);

/**
 * The session's CSRF token (from the sign-in answer or `GET /auth/me`). It lives in memory only:
 * a reload asks `/auth/me` again.
 */
let csrfToken: string | null = null;
export function setSession(me: Me | null): void {
  csrfToken = me?.session?.csrfToken ?? null;
}

/**
 * The typed client on the page's own origin: the session cookie goes along by itself, and every
 * request that changes something carries the CSRF token.
 */
export const api = createClient({ baseUrl: location.origin });
api.use({
  onRequest({ request }) {
    if (csrfToken && request.method !== 'GET' && request.method !== 'HEAD') {
      request.headers.set('X-CSRF-Token', csrfToken);
    }
    return request;
  },
});

/** What to tell a person about a failed call: the API's message, and each field's problem. */
export function problem(error: unknown, response: Response): string {
  const body = (error as Partial<ErrorBody> | undefined)?.error;
  if (!body?.message) return `The server answered ${response.status}.`;
  const details = (body.details ?? []).map((detail) => detail.message);
  return details.length > 0 ? `${body.message} ${details.join('; ')}.` : body.message;
}
