// Generated from openapi.json by `npm run client`; do not edit.

export interface paths {
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Return the workspace and key identity authenticating this request
         * @description The workspace, member and credential behind this request: a cheap way to check a key works and what role it acts with. With an API key, `via: "api_key"` and the key; signed in to the dashboard (the session cookie), `via: "session"` and the session, with the CSRF token that requests changing anything must send as `X-CSRF-Token`.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in to the dashboard with a one-time link
         * @description Trades the token of a sign-in link (`nebulahex member login-link` prints the link; the token follows `#token=`) for a dashboard session: an HttpOnly, `SameSite=Strict` cookie (`Secure`, and named `__Host-nhx_session`, unless the service runs on plain-HTTP localhost, where it is `nhx_session`). A link signs in once, within 15 minutes. The session acts with the member's role on every `/api/v1` route; it ends 12 hours after its last request, 7 days after sign-in, or at sign-out. Requests that change anything also need the answer's `session.csrfToken` in `X-CSRF-Token`.
         */
        post: operations["signIn"];
        /**
         * Sign out of the dashboard
         * @description Ends the dashboard session of this request at once (its cookie gets 401 from then on, on every instance) and clears the cookie. Needs `X-CSRF-Token`. An API key is revoked with `DELETE /api/v1/auth/keys/{keyId}` instead.
         */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List your workspace's API keys (metadata only)
         * @description Admins and owners see every key of the workspace; agents and viewers see their own. Oldest first; revoked keys included. Never a key value or hash.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create a new API key
         * @description The key acts with its member's role, which may not outrank the caller's. The value is in this response only; with `deferReveal: true` it is left out and can be fetched once within 15 minutes.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get one key's metadata
         * @description Your own member's keys; admins and owners, any key of the workspace. Never the value or hash.
         */
        get: operations["getApiKey"];
        put?: never;
        post?: never;
        /**
         * Revoke a key
         * @description Your own key, or (admin and owner) any key of a member not above you. Takes effect at once.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/keys/{keyId}/reveal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reveal the full key value (one-time after creation)
         * @description For a key created with `deferReveal: true`, by the key that created it or an admin: returns the value exactly once within 15 minutes of creation; afterwards 410.
         */
        post: operations["revealApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List all bots in your workspace
         * @description Oldest first. Used by integrations like Zapier for dynamic dropdown fields.
         */
        get: operations["listBots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List conversations with filters (botId, status, since)
         * @description By last activity (`updatedAt`), newest first unless `order=asc`. Filters combine. Paging by cursor is stable: a page deep in the list costs what the first one does, and conversations created while you page (newest first) do not shift the pages you have not read yet.
         */
        get: operations["listConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{conversationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a conversation with its messages
         * @description Its messages oldest first: the latest 500 at most (`messagesTruncated` says when there are more).
         */
        get: operations["getConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/send-message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Inject a message into a conversation as your team
         * @description The customer sees the message in the same chat window. The bot pauses on this thread (`handler: team`) until the conversation is resolved; a resolved conversation re-opens. `message.sent` fires with `channel: "api"` and the message is stamped with the id of the key that sent it; sent from the dashboard (a session), the channel is `dashboard` and the message is stamped with the member.
         */
        post: operations["sendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/create-lead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a lead capture from a conversation
         * @description `lead.captured` fires. The lead is stamped with the id of the key that recorded it (`source: api`), or, recorded from the dashboard, with the member (`source: dashboard`).
         */
        post: operations["createLead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/resolve-conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a conversation resolved; bot resumes on next message
         * @description Idempotent: resolving a resolved conversation answers the same `resolvedAt` and emits nothing. `conversation.resolved` fires the first time. The customer’s next message re-opens the conversation and the bot answers it.
         */
        post: operations["resolveConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the events of the last 30 days
         * @description Oldest first (or newest first with `order=desc`), with the envelope webhooks receive. An event is listed as soon as its transaction has committed, after every event listed before it: following `nextCursor` never skips an event, and a long transaction elsewhere on the database server does not hold the feed back. To read only what is new, start with `after=now` and follow its `nextCursor`; when a page ends with `nextCursor: null`, resume later with `after=<the last event id you read>`.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook subscriptions
         * @description Oldest first. Never the signing secret.
         */
        get: operations["listHooks"];
        put?: never;
        /**
         * Subscribe a URL to an event type
         * @description Deliveries are POSTed with `X-NebulaHex-Signature` and the Standard Webhooks headers, signed with the `signingSecret` returned here once. Failed deliveries are retried for about a day and a half; a `410 Gone` or a delivery that exhausts its attempts pauses the subscription.
         */
        post: operations["createHook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hooks/{hookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a webhook subscription
         * @description With its status, why it is paused if it is, and its last delivery.
         */
        get: operations["getHook"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook subscription
         * @description Its pending deliveries are dropped.
         */
        delete: operations["deleteHook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hooks/{hookId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-activate a paused subscription
         * @description Idempotent. With `replay: true`, what it missed while paused is delivered too.
         */
        post: operations["resumeHook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hooks/{hookId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a sample event to the endpoint now
         * @description Signed like a real delivery; answers what was sent and what the endpoint said. Not logged or retried.
         */
        post: operations["testHook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hooks/{hookId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List deliveries with every attempt
         * @description Newest first.
         */
        get: operations["listHookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hooks/{hookId}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deliver again
         * @description Schedules a finished delivery (succeeded, failed or cancelled) again now, with a fresh retry schedule.
         */
        post: operations["retryHookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hooks/{hookId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret
         * @description Returns the new secret once. For 24 hours deliveries carry signatures by both secrets, so receivers can switch without a gap.
         */
        post: operations["rotateHookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/triggers/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get example event payloads for every event type
         * @description One realistic envelope per event type, with exactly the fields a delivery carries, for testing a webhook handler before subscribing. `workspaceId` is your own.
         */
        get: operations["listTriggerSamples"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers
         * @description Public, outside `/api/v1`; checks no dependency.
         */
        get: operations["liveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the database (and Redis, when configured) answers
         * @description Public, outside `/api/v1`; answers 503 while a dependency is down (or within 1500 ms does not answer). A process that also runs the webhook worker (`npm start`) checks its queue and its LISTEN connection too.
         */
        get: operations["readiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Public, outside `/api/v1`, in the Prometheus text format: request durations by route and status, rate-limit rejections, the outbox lag, deliveries due and paused subscriptions (read from the database at scrape time), the webhook attempts this process made and, when it runs the worker, the queue depth; and process metrics. Restrict it at the load balancer if it should not be reachable from outside.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/bots/{botId}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a chat with a bot
         * @description Public: what the chat widget calls when a customer opens it. Opens a conversation (`status: open`, `handler: bot`) and answers the bot’s greeting and a session token, shown once. The greeting fires `message.sent` with `channel: "bot"`.
         */
        post: operations["createWidgetSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/widget/v1/sessions/{sessionId}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Poll a chat’s messages
         * @description The messages after `after` (all of them without it), oldest first, at most 100 per call: the bot’s and the team’s replies too. Poll again with the last id for more. Send the session token creating the session answered as `Authorization: Bearer <sessionToken>` (not an API key).
         */
        get: operations["listWidgetMessages"];
        put?: never;
        /**
         * Send a customer message
         * @description Stores the customer’s message (`message.sent`, `channel: "widget"`) and, while the bot handles the conversation, its replies (`channel: "bot"`) with what they cause: `lead.captured` for an email or phone number, `order.lookup` for an order reference found, `conversation.fallback` below the bot’s confidence threshold, `conversation.escalation` on an escalation phrase or too many fallbacks in a row. While the team handles it the bot stays silent; a resolved conversation re-opens and the bot answers again. Send the session token creating the session answered as `Authorization: Bearer <sessionToken>` (not an API key).
         */
        post: operations["sendWidgetMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "message.sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `message.sent`
         * @description A message was stored in a conversation: the customer’s (`channel: "widget"`), the bot’s (`"bot"`) or your team’s through the API (`"api"`). POSTed to every active subscription to `message.sent`, signed as *Verifying a webhook delivery* (at the top of this page) shows.
         */
        post: operations["messageSentWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "lead.captured": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `lead.captured`
         * @description A lead was captured: by the bot from an email or phone number, or through the API. POSTed to every active subscription to `lead.captured`, signed as *Verifying a webhook delivery* (at the top of this page) shows.
         */
        post: operations["leadCapturedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "order.lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `order.lookup`
         * @description The bot looked up an order the customer referred to (`#1001`, `order 1001`). POSTed to every active subscription to `order.lookup`, signed as *Verifying a webhook delivery* (at the top of this page) shows.
         */
        post: operations["orderLookupWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "conversation.fallback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `conversation.fallback`
         * @description The bot could not answer with enough confidence and replied with its fallback message. POSTed to every active subscription to `conversation.fallback`, signed as *Verifying a webhook delivery* (at the top of this page) shows.
         */
        post: operations["conversationFallbackWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "conversation.escalation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `conversation.escalation`
         * @description The conversation was handed to your team: the customer asked for a person, or the bot fell back too often. POSTed to every active subscription to `conversation.escalation`, signed as *Verifying a webhook delivery* (at the top of this page) shows.
         */
        post: operations["conversationEscalationWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "conversation.resolved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * `conversation.resolved`
         * @description The conversation was resolved through the API. POSTed to every active subscription to `conversation.resolved`, signed as *Verifying a webhook delivery* (at the top of this page) shows.
         */
        post: operations["conversationResolvedWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @description `api_key` for `Authorization: Bearer nhx_sk_…`, `session` for the dashboard's session cookie.
         * @enum {string}
         */
        CredentialKind: "api_key" | "session";
        /** @enum {string} */
        Role: "owner" | "admin" | "agent" | "viewer";
        MeKey: {
            /** @example admin */
            role: components["schemas"]["Role"];
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the key last authenticated a request, to within a minute; this request counts.
             * @example 2026-03-14T10:02:11.004Z
             */
            lastUsedAt: string | null;
            /** @example key_5Hq2VdXk9LmN3pR7sT1wYz */
            id: string;
            /** @example Zapier production */
            name: string;
            /** @example nhx_sk_4fQz */
            prefix: string;
        };
        MeSession: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the session ends unless another request renews it (12 hours after the last one, to within a minute).
             * @example 2026-03-14T21:21:47.120Z
             */
            idleExpiresAt: string;
            /**
             * Format: date-time
             * @description When the session ends at the latest: 7 days after sign-in.
             * @example 2026-03-21T09:21:47.120Z
             */
            expiresAt: string;
            /** @example dss_2Lq8WzX4nPv7Rt1YcK9mHd */
            id: string;
            /**
             * @description Send it as `X-CSRF-Token` on every request that changes anything (POST, DELETE) while signed
             *     in by the session cookie. Bound to this session.
             * @example Gv3k2nO1m7w9Jx0eQp4rT6yU8iA5sD2fH1jK3lZ7xC0
             */
            csrfToken: string;
        };
        MeWorkspace: {
            /** @example ws_3Rt8YqLm1ZxV7cN2bK9pWd */
            id: string;
            /** @example Acme Support */
            name: string;
        };
        MeMember: {
            /** @example admin */
            role: components["schemas"]["Role"];
            /** @example mem_8Jd3KfLq2WxP0sZc7VbN1m */
            id: string;
            /** @example sarah@acme.example */
            email: string;
            /** @example Sarah */
            name: string | null;
        };
        Me: {
            /**
             * @description `api_key` for `Authorization: Bearer nhx_sk_…`, `session` for the dashboard's session cookie.
             * @example api_key
             */
            via: components["schemas"]["CredentialKind"];
            /** @description The key of this request; null for a dashboard session. */
            key: components["schemas"]["MeKey"] | null;
            /**
             * @description The dashboard session of this request; null for an API key.
             * @example null
             */
            session: components["schemas"]["MeSession"] | null;
            workspace: components["schemas"]["MeWorkspace"];
            member: components["schemas"]["MeMember"];
        };
        /**
         * @description Stable machine-readable code.
         * @enum {string}
         */
        ErrorCode: "unauthorized" | "forbidden" | "insufficient_role" | "csrf_token_invalid" | "not_found" | "method_not_allowed" | "validation_failed" | "malformed_json" | "unsupported_media_type" | "payload_too_large" | "conflict" | "gone" | "idempotency_key_reused" | "rate_limited" | "unavailable" | "internal";
        ErrorDetail: {
            /**
             * @description The offending field or parameter.
             * @example capturedFields.email
             */
            field: string;
            /** @example email must be an email */
            message: string;
        };
        ErrorObject: {
            /**
             * @description Stable machine-readable code.
             * @example not_found
             */
            code: components["schemas"]["ErrorCode"];
            /**
             * @description What went wrong, in English, safe to show; not meant to be parsed.
             * @example No such conversation.
             */
            message: string;
            /**
             * @description The `X-Request-Id` of the failed request; quote it when contacting support.
             * @example req_7GQ2mXk1Lr0aZp9TbWc3Yd
             */
            requestId: string;
            /** @description One entry per invalid field; empty for other errors. */
            details: components["schemas"]["ErrorDetail"][];
        };
        ErrorResponse: {
            error: components["schemas"]["ErrorObject"];
        };
        CreateSession: {
            /**
             * @description The token of a sign-in link: what follows `#token=` in the URL that
             *     `nebulahex member login-link` prints.
             * @example nhx_ll_Qm3xV8pL2nR7tY1wK9cZ4bH6dF0gJ5sA8eU3iO2r
             */
            token: string;
        };
        ApiKey: {
            /**
             * @description The role the key acts with: its member's role.
             * @example admin
             */
            role: components["schemas"]["Role"];
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the key last authenticated a request (to within a minute); null if never used.
             * @example 2026-03-14T10:02:11.004Z
             */
            lastUsedAt: string | null;
            /**
             * Format: date-time
             * @description When the key was revoked; null while it works.
             * @example null
             */
            revokedAt: string | null;
            /**
             * Format: date-time
             * @description Until when `POST /api/v1/auth/keys/{keyId}/reveal` can return the value of a key created with
             *     `deferReveal`; null once revealed or revoked, or when the value was shown at creation.
             * @example null
             */
            revealExpiresAt: string | null;
            /** @example key_5Hq2VdXk9LmN3pR7sT1wYz */
            id: string;
            /** @example Zapier production */
            name: string;
            /**
             * @description The key's first characters, to tell keys apart.
             * @example nhx_sk_4fQz
             */
            prefix: string;
            /** @example mem_8Jd3KfLq2WxP0sZc7VbN1m */
            memberId: string;
            /**
             * @description The key that created this one; null when created from the dashboard or the operator's CLI.
             * @example key_2Bc9XyZq4LmN8pR7sT1wQa
             */
            createdByKeyId: string | null;
            /**
             * @description The member who created this key, with a key or from the dashboard; null when the operator's
             *     CLI made it.
             * @example mem_3Tq7WbN2xK9pL4sD8vF1hZ
             */
            createdByMemberId: string | null;
        };
        ApiKeyList: {
            /**
             * @description Pass as `cursor` to get the next page; null on the last page.
             * @example null
             */
            nextCursor: string | null;
            keys: components["schemas"]["ApiKey"][];
        };
        CreateApiKey: {
            /**
             * @description A name to recognise the key by.
             * @example Zapier production
             */
            name: string;
            /**
             * @description The member the key acts for; defaults to the caller's member. Its role may not outrank the caller's.
             * @example mem_8Jd3KfLq2WxP0sZc7VbN1m
             */
            memberId?: string;
            /**
             * @description Leave the value out of this response; fetch it once within 15 minutes with
             *     `POST /api/v1/auth/keys/{keyId}/reveal`.
             * @example false
             */
            deferReveal?: boolean;
        };
        CreatedApiKey: {
            /**
             * @description The role the key acts with: its member's role.
             * @example admin
             */
            role: components["schemas"]["Role"];
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the key last authenticated a request (to within a minute); null if never used.
             * @example 2026-03-14T10:02:11.004Z
             */
            lastUsedAt: string | null;
            /**
             * Format: date-time
             * @description When the key was revoked; null while it works.
             * @example null
             */
            revokedAt: string | null;
            /**
             * Format: date-time
             * @description Until when `POST /api/v1/auth/keys/{keyId}/reveal` can return the value of a key created with
             *     `deferReveal`; null once revealed or revoked, or when the value was shown at creation.
             * @example null
             */
            revealExpiresAt: string | null;
            /** @example key_5Hq2VdXk9LmN3pR7sT1wYz */
            id: string;
            /** @example Zapier production */
            name: string;
            /**
             * @description The key's first characters, to tell keys apart.
             * @example nhx_sk_4fQz
             */
            prefix: string;
            /** @example mem_8Jd3KfLq2WxP0sZc7VbN1m */
            memberId: string;
            /**
             * @description The key that created this one; null when created from the dashboard or the operator's CLI.
             * @example key_2Bc9XyZq4LmN8pR7sT1wQa
             */
            createdByKeyId: string | null;
            /**
             * @description The member who created this key, with a key or from the dashboard; null when the operator's
             *     CLI made it.
             * @example mem_3Tq7WbN2xK9pL4sD8vF1hZ
             */
            createdByMemberId: string | null;
            /**
             * @description The whole key, to send as `Authorization: Bearer …`. Shown once: store it now. Absent when
             *     created with `deferReveal: true`.
             * @example nhx_sk_4fQzT8bWm2Lx9Vc3Kp7Rn1Ys5Hd0Ga6E4H7tEn
             */
            key?: string;
        };
        RevealedApiKey: {
            /** @example key_5Hq2VdXk9LmN3pR7sT1wYz */
            id: string;
            /**
             * @description The whole key. Shown once: store it now.
             * @example nhx_sk_4fQzT8bWm2Lx9Vc3Kp7Rn1Ys5Hd0Ga6E4H7tEn
             */
            key: string;
        };
        Bot: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47Z
             */
            createdAt: string;
            /** @example bot_4a7b2 */
            id: string;
            /** @example Help center bot */
            name: string;
            /** @example true */
            isActive: boolean;
        };
        BotList: {
            /**
             * @description Pass as `cursor` to get the next page; null on the last page.
             * @example null
             */
            nextCursor: string | null;
            bots: components["schemas"]["Bot"][];
        };
        /** @enum {string} */
        ConversationStatus: "open" | "escalated" | "resolved";
        /**
         * @description Who answers the customer: `team` means the bot is paused on this thread.
         * @enum {string}
         */
        ConversationHandler: "bot" | "team";
        Customer: {
            /** @example Dana Reyes */
            name: string | null;
            /** @example dana@example.com */
            email: string | null;
        };
        Conversation: {
            /** @example open */
            status: components["schemas"]["ConversationStatus"];
            /**
             * @description Who answers the customer: `team` means the bot is paused on this thread.
             * @example bot
             */
            handler: components["schemas"]["ConversationHandler"];
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description The time of the last message or status change; lists sort by it.
             * @example 2026-03-14T09:24:03.512Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @example null
             */
            resolvedAt: string | null;
            /**
             * Format: date-time
             * @example null
             */
            escalatedAt: string | null;
            /** @example cnv_4a7b2 */
            id: string;
            /** @example bot_4a7b2 */
            botId: string;
            /**
             * @description The widget session the customer chats in.
             * @example ses_9Kq3LmX2pV7rT1wYz8BcDf
             */
            sessionId: string;
            customer: components["schemas"]["Customer"];
            /** @example 6 */
            messageCount: number;
        };
        ConversationList: {
            /**
             * @description Pass as `cursor` to get the next page; null on the last page.
             * @example null
             */
            nextCursor: string | null;
            conversations: components["schemas"]["Conversation"][];
        };
        /** @enum {string} */
        MessageAuthor: "customer" | "bot" | "team";
        /** @enum {string} */
        MessageChannel: "widget" | "bot" | "api" | "dashboard";
        Message: {
            /** @example team */
            author: components["schemas"]["MessageAuthor"];
            /** @example api */
            channel: components["schemas"]["MessageChannel"];
            /**
             * @description The bot's confidence in its answer, in [0, 1]; null for other messages.
             * @example null
             */
            confidenceScore: number | null;
            /**
             * @description The member who sent the message from the dashboard (`channel: dashboard`); null otherwise.
             * @example mem_8Jd3KfLq2WxP0sZc7VbN1m
             */
            memberId: string | null;
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            sentAt: string;
            /** @example msg_6Tr2VbN8kLq3XzP1wM5sHd */
            id: string;
            /** @example Hi — Sarah from Support here. */
            text: string;
            /**
             * @description True when the bot could not answer and sent its fallback message.
             * @example false
             */
            wasFallback: boolean;
            /**
             * @description The API key that sent the message; null unless sent through the API.
             * @example key_5Hq2VdXk9LmN3pR7sT1wYz
             */
            apiKeyId: string | null;
        };
        ConversationDetail: {
            /** @example open */
            status: components["schemas"]["ConversationStatus"];
            /**
             * @description Who answers the customer: `team` means the bot is paused on this thread.
             * @example bot
             */
            handler: components["schemas"]["ConversationHandler"];
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description The time of the last message or status change; lists sort by it.
             * @example 2026-03-14T09:24:03.512Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @example null
             */
            resolvedAt: string | null;
            /**
             * Format: date-time
             * @example null
             */
            escalatedAt: string | null;
            /** @example cnv_4a7b2 */
            id: string;
            /** @example bot_4a7b2 */
            botId: string;
            /**
             * @description The widget session the customer chats in.
             * @example ses_9Kq3LmX2pV7rT1wYz8BcDf
             */
            sessionId: string;
            customer: components["schemas"]["Customer"];
            /** @example 6 */
            messageCount: number;
            messages: components["schemas"]["Message"][];
            /**
             * @description True when the conversation has more messages than the latest 500 returned here.
             * @example false
             */
            messagesTruncated: boolean;
        };
        SendMessage: {
            /** @example cnv_4a7b2 */
            conversationId: string;
            /**
             * @description The text the customer sees, as your team.
             * @example Hi — Sarah from Support here.
             */
            message: string;
        };
        SentMessage: {
            /**
             * @description `api` when sent with an API key, `dashboard` when sent by a member signed in to the dashboard.
             * @example api
             * @enum {string}
             */
            channel: "api" | "dashboard";
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            sentAt: string;
            /**
             * @description Always `team`: the bot pauses on this thread until the conversation is resolved.
             * @example team
             */
            handler: components["schemas"]["ConversationHandler"];
            /** @example msg_6Tr2VbN8kLq3XzP1wM5sHd */
            messageId: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
        };
        CreateLead: {
            /**
             * @description At least one field: `email` (an address), `phone` (7–15 digits, optionally `+`, spaces,
             *     dashes, dots, brackets), `name`, and up to 20 extra fields (names of letters, digits and `_`,
             *     up to 64 characters; string values up to 1,000 characters).
             * @example {
             *       "email": "dana@example.com",
             *       "name": "Dana Reyes",
             *       "phone": "+1 415 555 0134",
             *       "plan": "pro"
             *     }
             */
            capturedFields: {
                /**
                 * Format: email
                 * @example dana@example.com
                 */
                email?: string;
                /** @example Dana Reyes */
                name?: string;
                /** @example +1 415 555 0134 */
                phone?: string;
            } & {
                [key: string]: string;
            };
            /** @example cnv_4a7b2 */
            conversationId: string;
        };
        CreatedLead: {
            /**
             * @example {
             *       "email": "dana@example.com",
             *       "name": "Dana Reyes",
             *       "phone": "+1 415 555 0134",
             *       "plan": "pro"
             *     }
             */
            capturedFields: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @example 2026-03-14T09:25:10.004Z
             */
            capturedAt: string;
            /** @example lead_3Hk8WqP2nZr5VbX1cL9mTe */
            leadId: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
        };
        ResolveConversation: {
            /** @example cnv_4a7b2 */
            conversationId: string;
        };
        ResolvedConversation: {
            /**
             * @example resolved
             * @enum {string}
             */
            status: "resolved";
            /**
             * Format: date-time
             * @description When the conversation was resolved: the first time, when resolved again.
             * @example 2026-03-14T09:31:15.002Z
             */
            resolvedAt: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
        };
        MessageSentData: {
            /**
             * @description `widget` for the customer, `bot` for the bot, `api` for a team message sent with an API key,
             *     `dashboard` for one a member sent from the dashboard.
             * @example api
             * @enum {string}
             */
            channel: "widget" | "bot" | "api" | "dashboard";
            /**
             * @description The bot's confidence in its answer, in [0, 1]; null for other messages.
             * @example null
             */
            confidenceScore: number | null;
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            sentAt: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
            /** @example bot_4a7b2 */
            botId: string;
            /** @example ses_9Kq3LmX2pV7rT1wYz8BcDf */
            sessionId: string;
            /** @example msg_6Tr2VbN8kLq3XzP1wM5sHd */
            messageId: string;
            /** @example false */
            wasFallback: boolean;
        };
        MessageSentEvent: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            createdAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "message.sent";
            data: components["schemas"]["MessageSentData"];
            /**
             * @description Unique per event: receivers de-duplicate deliveries by it.
             * @example evt_2Wq8RtY5uI1oP3aS7dF9gH
             */
            id: string;
            /** @example ws_7Hd2KqL9mXp3VbN8cR1tZw */
            workspaceId: string;
        };
        LeadCapturedData: {
            /**
             * @description The captured fields: `email`, `name`, `phone` and any extra string fields.
             * @example {
             *       "email": "dana@example.com",
             *       "name": "Dana Reyes",
             *       "phone": "+1 415 555 0134"
             *     }
             */
            capturedFields: {
                [key: string]: string;
            };
            /**
             * Format: date-time
             * @example 2026-03-14T09:25:10.004Z
             */
            capturedAt: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
            /** @example bot_4a7b2 */
            botId: string;
            /** @example lead_3Hk8WqP2nZr5VbX1cL9mTe */
            leadId: string;
            /** @example ses_9Kq3LmX2pV7rT1wYz8BcDf */
            sessionId: string;
        };
        LeadCapturedEvent: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            createdAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "lead.captured";
            data: components["schemas"]["LeadCapturedData"];
            /**
             * @description Unique per event: receivers de-duplicate deliveries by it.
             * @example evt_2Wq8RtY5uI1oP3aS7dF9gH
             */
            id: string;
            /** @example ws_7Hd2KqL9mXp3VbN8cR1tZw */
            workspaceId: string;
        };
        OrderLookupData: {
            /**
             * @description Which kind of order source answered: `http`, or `sample` (orders listed in the bot's configuration).
             * @example http
             * @enum {string}
             */
            lookupSource: "http" | "sample" | "shopify";
            /**
             * Format: date-time
             * @example 2026-03-14T09:23:41.870Z
             */
            lookedUpAt: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
            /** @example bot_4a7b2 */
            botId: string;
            /** @example ses_9Kq3LmX2pV7rT1wYz8BcDf */
            sessionId: string;
            /**
             * @description The order reference the customer gave.
             * @example 1001
             */
            orderId: string;
        };
        OrderLookupEvent: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            createdAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "order.lookup";
            data: components["schemas"]["OrderLookupData"];
            /**
             * @description Unique per event: receivers de-duplicate deliveries by it.
             * @example evt_2Wq8RtY5uI1oP3aS7dF9gH
             */
            id: string;
            /** @example ws_7Hd2KqL9mXp3VbN8cR1tZw */
            workspaceId: string;
        };
        ConversationFallbackData: {
            /** @example 0.18 */
            confidenceScore: number;
            /**
             * Format: date-time
             * @example 2026-03-14T09:22:30.291Z
             */
            fellBackAt: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
            /** @example bot_4a7b2 */
            botId: string;
            /** @example ses_9Kq3LmX2pV7rT1wYz8BcDf */
            sessionId: string;
            /**
             * @description The customer message the bot could not answer.
             * @example can u do the thing w my acct
             */
            lastMessage: string;
        };
        ConversationFallbackEvent: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            createdAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "conversation.fallback";
            data: components["schemas"]["ConversationFallbackData"];
            /**
             * @description Unique per event: receivers de-duplicate deliveries by it.
             * @example evt_2Wq8RtY5uI1oP3aS7dF9gH
             */
            id: string;
            /** @example ws_7Hd2KqL9mXp3VbN8cR1tZw */
            workspaceId: string;
        };
        /**
         * @description Why the bot handed over: the customer asked, or it fell back too often.
         * @enum {string}
         */
        EscalationReason: "customer_requested" | "fallback_limit";
        TranscriptEntry: {
            /**
             * @example customer
             * @enum {string}
             */
            author: "customer" | "bot" | "team";
            /**
             * Format: date-time
             * @example 2026-03-14T09:26:02.117Z
             */
            sentAt: string;
            /** @example I want to talk to a human */
            text: string;
        };
        ConversationEscalationData: {
            /**
             * @description Why the bot handed over: the customer asked, or it fell back too often.
             * @example customer_requested
             */
            reason: components["schemas"]["EscalationReason"];
            /**
             * Format: date-time
             * @example 2026-03-14T09:26:02.140Z
             */
            escalatedAt: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
            /** @example bot_4a7b2 */
            botId: string;
            /** @example ses_9Kq3LmX2pV7rT1wYz8BcDf */
            sessionId: string;
            /** @description The conversation's messages so far, oldest first. */
            transcript: components["schemas"]["TranscriptEntry"][];
        };
        ConversationEscalationEvent: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            createdAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "conversation.escalation";
            data: components["schemas"]["ConversationEscalationData"];
            /**
             * @description Unique per event: receivers de-duplicate deliveries by it.
             * @example evt_2Wq8RtY5uI1oP3aS7dF9gH
             */
            id: string;
            /** @example ws_7Hd2KqL9mXp3VbN8cR1tZw */
            workspaceId: string;
        };
        ConversationResolvedData: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:31:15.002Z
             */
            resolvedAt: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
            /** @example bot_4a7b2 */
            botId: string;
            /** @example ses_9Kq3LmX2pV7rT1wYz8BcDf */
            sessionId: string;
        };
        ConversationResolvedEvent: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:24:03.512Z
             */
            createdAt: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "conversation.resolved";
            data: components["schemas"]["ConversationResolvedData"];
            /**
             * @description Unique per event: receivers de-duplicate deliveries by it.
             * @example evt_2Wq8RtY5uI1oP3aS7dF9gH
             */
            id: string;
            /** @example ws_7Hd2KqL9mXp3VbN8cR1tZw */
            workspaceId: string;
        };
        /** @enum {string} */
        EventType: "message.sent" | "lead.captured" | "order.lookup" | "conversation.fallback" | "conversation.escalation" | "conversation.resolved";
        EventList: {
            events: components["schemas"]["Event"][];
            /**
             * @description Pass as `cursor` to get the next page; null on the last page.
             * @example null
             */
            nextCursor: string | null;
        };
        /**
         * @description `paused` after `410 Gone` or a delivery that exhausted its attempts: nothing is sent until resumed.
         * @enum {string}
         */
        HookStatus: "active" | "paused";
        /** @enum {string} */
        DeliveryStatus: "pending" | "succeeded" | "failed" | "cancelled";
        LastDelivery: {
            /** @example succeeded */
            status: components["schemas"]["DeliveryStatus"];
            /** @example 200 */
            lastStatusCode: number | null;
            /**
             * Format: date-time
             * @example 2026-03-14T09:26:02.150Z
             */
            createdAt: string;
            /** @example dlv_8Nb3QwE5rT7yU1iO9pA2sD */
            deliveryId: string;
        };
        Hook: {
            /** @example conversation.escalation */
            event: components["schemas"]["EventType"];
            /** @example Escalations to our ticketing system */
            description: string | null;
            /**
             * @description `paused` after `410 Gone` or a delivery that exhausted its attempts: nothing is sent until resumed.
             * @example active
             */
            status: components["schemas"]["HookStatus"];
            /**
             * Format: date-time
             * @example null
             */
            pausedAt: string | null;
            /**
             * @description Why the subscription was paused.
             * @example null
             */
            pauseReason: string | null;
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /** @description The most recent delivery, if any. */
            lastDelivery: components["schemas"]["LastDelivery"] | null;
            /** @example hook_2Kd8LmQ4nR7sT1vW3xY5zA */
            hookId: string;
            /** @example https://yourapp.com/hooks/nebulahex */
            targetUrl: string;
            /**
             * @description Failed attempts since the last success.
             * @example 0
             */
            consecutiveFailures: number;
        };
        HookList: {
            /** @example null */
            nextCursor: string | null;
            hooks: components["schemas"]["Hook"][];
        };
        CreateHook: {
            /** @example conversation.escalation */
            event: components["schemas"]["EventType"];
            /**
             * @description Where deliveries are POSTed: an `https` URL on a public address (private, loopback and
             *     link-local addresses are refused, also when a name resolves to them at delivery time).
             * @example https://yourapp.com/hooks/nebulahex
             */
            targetUrl: string;
            /** @example Escalations to our ticketing system */
            description?: string;
        };
        CreatedHook: {
            /** @example conversation.escalation */
            event: components["schemas"]["EventType"];
            /** @example null */
            description: string | null;
            /**
             * @example active
             * @enum {string}
             */
            status: "active";
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            createdAt: string;
            /** @example hook_2Kd8LmQ4nR7sT1vW3xY5zA */
            hookId: string;
            /** @example https://yourapp.com/hooks/nebulahex */
            targetUrl: string;
            /**
             * @description The key that signs deliveries (`whsec_` + base64 of 32 bytes). Shown once: store it server-side.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6s3Vb4bXZrA=
             */
            signingSecret: string;
        };
        ResumeHook: {
            /**
             * @description Also deliver the events of this type created while the subscription was paused (up to 30 days),
             *     and retry the deliveries its pause cancelled.
             * @example true
             */
            replay?: boolean;
        };
        TestDelivery: {
            /**
             * @description The sample envelope that was sent (its `id` is new on every test).
             * @example {
             *       "id": "evt_…",
             *       "type": "conversation.escalation"
             *     }
             */
            payload: {
                [key: string]: unknown;
            };
            /**
             * @description The headers sent, signatures included.
             * @example {
             *       "X-NebulaHex-Event": "conversation.escalation"
             *     }
             */
            requestHeaders: {
                [key: string]: string;
            };
            /** @example 200 */
            statusCode: number | null;
            /** @example {"ok":true} */
            responseSnippet: string | null;
            /** @example null */
            error: string | null;
            /**
             * @description True when the endpoint answered 2xx in time.
             * @example true
             */
            delivered: boolean;
            /** @example 143 */
            latencyMs: number;
        };
        Attempt: {
            /**
             * Format: date-time
             * @example 2026-03-14T09:26:02.311Z
             */
            startedAt: string;
            /**
             * @description The receiver's HTTP status; null when no response came.
             * @example 200
             */
            statusCode: number | null;
            /**
             * @description The first 1 KiB of the receiver's answer.
             * @example {"ok":true}
             */
            responseSnippet: string | null;
            /**
             * @description What went wrong: `HTTP 500`, `timed out after 15000 ms`, a refused connection…
             * @example null
             */
            error: string | null;
            /**
             * @description 1 for the first attempt.
             * @example 1
             */
            attempt: number;
            /** @example 143 */
            latencyMs: number;
            /** @example true */
            succeeded: boolean;
        };
        Delivery: {
            /** @example conversation.escalation */
            eventType: components["schemas"]["EventType"];
            /** @example succeeded */
            status: components["schemas"]["DeliveryStatus"];
            /**
             * Format: date-time
             * @description When the next attempt is due; null unless pending.
             * @example null
             */
            nextAttemptAt: string | null;
            /** @example 200 */
            lastStatusCode: number | null;
            /**
             * Format: date-time
             * @example 2026-03-14T09:26:02.150Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-03-14T09:26:02.455Z
             */
            completedAt: string | null;
            /** @example dlv_8Nb3QwE5rT7yU1iO9pA2sD */
            deliveryId: string;
            /**
             * @description The event delivered; receivers de-duplicate by it.
             * @example evt_5Zt1UvB8xL4rS6dV0gI2jM
             */
            eventId: string;
            /** @example 1 */
            attemptCount: number;
            /** @description Every attempt, oldest first. */
            attempts: components["schemas"]["Attempt"][];
        };
        DeliveryList: {
            /** @example null */
            nextCursor: string | null;
            deliveries: components["schemas"]["Delivery"][];
        };
        RetriedDelivery: {
            /**
             * @example pending
             * @enum {string}
             */
            status: "pending";
            /** @example dlv_8Nb3QwE5rT7yU1iO9pA2sD */
            deliveryId: string;
        };
        RotatedSecret: {
            /**
             * Format: date-time
             * @description Until then, deliveries carry signatures by the old secret too.
             * @example 2026-03-15T09:21:47.120Z
             */
            previousSecretExpiresAt: string;
            /** @example hook_2Kd8LmQ4nR7sT1vW3xY5zA */
            hookId: string;
            /**
             * @description The new secret, shown once.
             * @example whsec_Xq1LrU6pT0yC8vB3nM5kJ2hG9fD4sA7zW1eR6tY3uI0=
             */
            signingSecret: string;
        };
        Sample: {
            /** @example message.sent */
            event: components["schemas"]["EventType"];
            /** @description The envelope exactly as a webhook delivers it. */
            payload: Omit<components["schemas"]["Event"], "type">;
        };
        SampleList: {
            samples: components["schemas"]["Sample"][];
        };
        Health: {
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok" | "unavailable";
            /**
             * @description Each dependency checked, by name.
             * @example {
             *       "database": "up"
             *     }
             */
            checks?: {
                [key: string]: "up" | "down";
            };
        };
        WidgetCustomer: {
            /** @example Dana Reyes */
            name?: string;
            /**
             * Format: email
             * @example dana@example.com
             */
            email?: string;
        };
        CreateWidgetSession: {
            /** @description What the customer has told about themselves, if anything. */
            customer?: components["schemas"]["WidgetCustomer"];
        };
        WidgetMessage: {
            /** @example bot */
            author: components["schemas"]["MessageAuthor"];
            /**
             * Format: date-time
             * @example 2026-03-14T09:21:47.120Z
             */
            sentAt: string;
            /** @example msg_6Tr2VbN8kLq3XzP1wM5sHd */
            id: string;
            /** @example Hi! How can I help? */
            text: string;
        };
        WidgetSession: {
            /** @example ses_8Kd2WqN5zLr1VbX7cP3mTe */
            sessionId: string;
            /** @example cnv_4a7b2 */
            conversationId: string;
            /**
             * @description Send as `Authorization: Bearer <sessionToken>` with the session's messages. Shown once; stored
             *     only as its SHA-256.
             * @example nhx_wt_3Hk8WqP2nZr5VbX1cL9mTe4Yd7Fs0Ga6Jp2Qu5Rx
             */
            sessionToken: string;
            /** @description The bot's greeting. */
            messages: components["schemas"]["WidgetMessage"][];
        };
        PostWidgetMessage: {
            /** @example What are your opening hours? */
            text: string;
        };
        WidgetMessages: {
            /** @description Oldest first. */
            messages: components["schemas"]["WidgetMessage"][];
        };
        /** @description An event as webhooks deliver it and `GET /api/v1/events` lists it; `type` says which `data` it has. */
        Event: components["schemas"]["MessageSentEvent"] | components["schemas"]["LeadCapturedEvent"] | components["schemas"]["OrderLookupEvent"] | components["schemas"]["ConversationFallbackEvent"] | components["schemas"]["ConversationEscalationEvent"] | components["schemas"]["ConversationResolvedEvent"];
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description This request's id: the caller's own `X-Request-Id` when well formed (1–128 of `A-Za-z0-9._:-`), else a new `req_…`. */
        "X-Request-Id": string;
        /** @description The limit that applies to this request (IETF draft `RateLimit-Policy`): `q` requests in any `w`-second window. `default` is the per-key policy; requests without a valid key or session token fall under `anonymous`, per client address. The widget channel has `widget-sessions` (per client address), `widget-messages` and `widget-polls` (per session). */
        "RateLimit-Policy": string;
        /** @description Where the caller stands (IETF draft `RateLimit`): `r` requests remaining in the window, and in `t` seconds the oldest counted request leaves it (when refused: when a request would be admitted). */
        RateLimit: string;
        /** @description Whole seconds until a request would be admitted. */
        "Retry-After": number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The identity behind the API key of this request. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSession"];
            };
        };
        responses: {
            /** @description Signed in: `Set-Cookie` carries the session; the body describes it, CSRF token included. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description The session cookie. */
                    "Set-Cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No sign-in link has this token. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The link was used already, or its 15 minutes have passed. */
            410: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Not a dashboard session, or its CSRF token is missing or wrong. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent, and not as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; omit it for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of key metadata. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyList"];
                };
            };
            /** @description A query parameter is invalid or unknown (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKey"];
            };
        };
        responses: {
            /** @description The key's metadata and, unless `deferReveal` was set, its value (its one showing). */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKey"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field).
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /**
             * @description The member's role is above the caller's: a key may not outrank its creator.
             *
             *     The key's role is below admin.
             */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No member with `memberId` in this workspace. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The API key's id (`key_…`). */
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key's metadata. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description The keyId holds a NUL character or an unpaired UTF-16 surrogate, as no id does. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such key in the caller's workspace, or not visible to the caller: below admin, only your own member's keys are. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The API key's id (`key_…`). */
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked (or already revoked). */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The keyId holds a NUL character or an unpaired UTF-16 surrogate, as no id does. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key belongs to a member above the caller's role. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such key in the caller's workspace, or not visible to the caller: below admin, only your own member's keys are. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent, and not as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    revealApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The API key's id (`key_…`). */
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key's value, at its one showing. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevealedApiKey"];
                };
            };
            /** @description The keyId holds a NUL character or an unpaired UTF-16 surrogate, as no id does. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The caller is below admin and is not the key that created this one. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No such key in the caller's workspace, or not visible to the caller: below admin, only your own member's keys are. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Already revealed, window passed, revoked, or never deferred. */
            410: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent, and not as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listBots: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; omit it for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the workspace's bots. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BotList"];
                };
            };
            /** @description A query parameter is invalid or unknown (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listConversations: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; omit it for the first page. */
                cursor?: string;
                /** @description Only conversations with this bot. */
                botId?: string;
                /** @description Only conversations in this status. */
                status?: components["schemas"]["ConversationStatus"];
                /** @description Only conversations updated at or after this time. */
                since?: string;
                /** @description By `updatedAt`: newest first (`desc`, the default) or oldest first. */
                order?: "desc" | "asc";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the workspace's conversations. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationList"];
                };
            };
            /** @description A query parameter is invalid or unknown (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id (`cnv_…`). */
                conversationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The conversation and its messages. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationDetail"];
                };
            };
            /** @description The conversationId holds a NUL character or an unpaired UTF-16 surrogate, as no id does. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No conversation with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    sendMessage: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessage"];
            };
        };
        responses: {
            /** @description The message was stored and the bot paused. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SentMessage"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field).
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below agent. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No conversation with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createLead: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLead"];
            };
        };
        responses: {
            /** @description The lead was recorded. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedLead"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field).
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below agent. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No conversation with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    resolveConversation: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResolveConversation"];
            };
        };
        responses: {
            /** @description The conversation is resolved. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResolvedConversation"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field).
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below agent. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No conversation with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; omit it for the first page. */
                cursor?: string;
                /** @description Only events of this type. */
                type?: components["schemas"]["EventType"];
                /** @description Only events created at or after this time (at most 30 days back). */
                since?: string;
                /** @description By position in the feed: oldest first (`asc`, the default) or newest first (`desc`). Follow `nextCursor` with the same `order`; newest first, events that arrive meanwhile land above the first page, so the pages below it never change. */
                order?: "asc" | "desc";
                /** @description Start after this point instead of at the oldest event (oldest first only; not with `cursor`). `now`: no events, and a `nextCursor` at the head of the feed that lists only events committed from now on. An event id (`evt_…`, say the last one a webhook delivered): the events listed after it. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the workspace's events. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventList"];
                };
            };
            /** @description A query parameter is invalid or unknown (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listHooks: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; omit it for the first page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the workspace's subscriptions. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookList"];
                };
            };
            /** @description A query parameter is invalid or unknown (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createHook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateHook"];
            };
        };
        responses: {
            /** @description The subscription, with its signing secret (its one showing). */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedHook"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field).
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getHook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription's id (`hook_…`). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"];
                };
            };
            /** @description The hookId holds a NUL character or an unpaired UTF-16 surrogate, as no id does. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No webhook subscription with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteHook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The webhook subscription's id (`hook_…`). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The hookId holds a NUL character or an unpaired UTF-16 surrogate, as no id does. */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No webhook subscription with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent, and not as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    resumeHook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The webhook subscription's id (`hook_…`). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResumeHook"];
            };
        };
        responses: {
            /** @description The subscription, active. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Hook"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field).
             *
             *     The hookId holds a NUL character or an unpaired UTF-16 surrogate, as no id does.
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No webhook subscription with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    testHook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The webhook subscription's id (`hook_…`). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What was sent and what came back. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestDelivery"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The hookId holds a NUL character or an unpaired UTF-16 surrogate, as no id does.
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No webhook subscription with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent, and not as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listHookDeliveries: {
        parameters: {
            query?: {
                /** @description Items per page, 1 to 100. */
                limit?: number;
                /** @description The `nextCursor` of the previous page; omit it for the first page. */
                cursor?: string;
                /** @description Only deliveries in this status. */
                status?: components["schemas"]["DeliveryStatus"];
            };
            header?: never;
            path: {
                /** @description The webhook subscription's id (`hook_…`). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of deliveries. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryList"];
                };
            };
            /**
             * @description A query parameter is invalid or unknown (`validation_failed`, one detail per field).
             *
             *     The hookId holds a NUL character or an unpaired UTF-16 surrogate, as no id does.
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No webhook subscription with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    retryHookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The webhook subscription's id (`hook_…`). */
                hookId: string;
                /** @description The delivery's id (`dlv_…`). */
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Scheduled. */
            202: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetriedDelivery"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The deliveryId holds a NUL character or an unpaired UTF-16 surrogate, as no id does.
             *
             *     The hookId holds a NUL character or an unpaired UTF-16 surrogate, as no id does.
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /**
             * @description No delivery with this id in the key's workspace (another workspace's answers the same).
             *
             *     No webhook subscription with this id in the key's workspace (another workspace's answers the same).
             */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /**
             * @description A request with the same `Idempotency-Key` is still in progress.
             *
             *     The delivery is still pending, or the subscription is paused.
             */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent, and not as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    rotateHookSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Up to 255 visible ASCII characters, unique per operation (a UUID, say). Retrying with the same key and body within 24 hours replays the first response, with `Idempotent-Replayed: true`, instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The webhook subscription's id (`hook_…`). */
                hookId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new secret. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RotatedSecret"];
                };
            };
            /**
             * @description The `Idempotency-Key` is empty, longer than 255 characters or not visible ASCII.
             *
             *     The hookId holds a NUL character or an unpaired UTF-16 surrogate, as no id does.
             */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The key's role is below admin. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No webhook subscription with this id in the key's workspace (another workspace's answers the same). */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A request with the same `Idempotency-Key` is still in progress. */
            409: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description A body was sent, and not as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The `Idempotency-Key` was used with another request. */
            422: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listTriggerSamples: {
        parameters: {
            query?: {
                /** @description Only the sample of this event type. */
                event?: components["schemas"]["EventType"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The samples, one per event type. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SampleList"];
                };
            };
            /** @description A query parameter is invalid or unknown (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Missing, malformed, unknown or revoked API key. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Over the rate limit: 60 requests (or the key's or workspace's own limit) in any 60-second sliding window per key; requests without a valid key are limited per client address. `Retry-After` says in how many seconds a request would be admitted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    liveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is up. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    readiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every dependency answers. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "checks": {
                     *         "database": "up",
                     *         "redis": "up"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description A dependency does not answer; `checks` says which. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "unavailable",
                     *       "checks": {
                     *         "database": "up",
                     *         "redis": "down"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics of this process. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP nhx_rate_limit_rejections_total Requests answered 429, by rate-limit policy
                     *     # TYPE nhx_rate_limit_rejections_total counter
                     *     nhx_rate_limit_rejections_total{policy="default"} 3
                     */
                    "text/plain": string;
                };
            };
        };
    };
    createWidgetSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The bot’s id (`bot_…`). */
                botId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWidgetSession"];
            };
        };
        responses: {
            /** @description The session, its token and the greeting. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetSession"];
                };
            };
            /** @description The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The bot is inactive. */
            403: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No bot with this id. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many sessions started from this client address: 60 (by default) in any 60-second sliding window, every bot together. `Retry-After` says in how many seconds a session could be started. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWidgetMessages: {
        parameters: {
            query?: {
                after?: string;
            };
            header?: never;
            path: {
                /** @description The session id (`ses_…`) that creating the session answered. */
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The messages since `after`. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetMessages"];
                };
            };
            /** @description A query parameter is invalid or unknown (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The session token is missing or not this session’s. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No session with this id. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description This session polled too often: 60 polls (by default) in any 60-second sliding window. Requests without a valid session token are limited per client address instead, like requests without an API key. `Retry-After` says in how many seconds a poll would be answered. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    sendWidgetMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The session id (`ses_…`) that creating the session answered. */
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostWidgetMessage"];
            };
        };
        responses: {
            /** @description The customer’s message, then any bot replies. */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "messages": [
                     *         {
                     *           "id": "msg_2Fd8WqN5zLr1VbX7cP3mTe",
                     *           "author": "customer",
                     *           "text": "What are your opening hours?",
                     *           "sentAt": "2026-03-14T09:22:03.512Z"
                     *         },
                     *         {
                     *           "id": "msg_7Hk8WqP2nZr5VbX1cL9mTe",
                     *           "author": "bot",
                     *           "text": "We’re open 9-5, Monday to Friday.",
                     *           "sentAt": "2026-03-14T09:22:03.530Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["WidgetMessages"];
                };
            };
            /** @description The body is not valid UTF-8 JSON (`malformed_json`), or nests objects and arrays deeper than 32 levels, or a field is missing, unknown, of the wrong type, null where the type of its schema leaves null out, or holds a NUL or an unpaired UTF-16 surrogate (`validation_failed`, one detail per field). */
            400: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The session token is missing or not this session’s. */
            401: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description No session with this id. */
            404: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is larger than 1 MiB. */
            413: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The body is not sent as `application/json`. */
            415: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Too many messages in this session: 20 (by default) in any 60-second sliding window. Requests without a valid session token are limited per client address instead, like requests without an API key. `Retry-After` says in how many seconds a message would be accepted. */
            429: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    "Retry-After": components["headers"]["Retry-After"];
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description The service cannot reach its database right now; retry after `Retry-After` seconds. */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["X-Request-Id"];
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    "RateLimit-Policy": components["headers"]["RateLimit-Policy"];
                    RateLimit: components["headers"]["RateLimit"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    messageSentWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt. De-duplicate by it. */
                "webhook-id": string;
                /** @description When this attempt was signed, in Unix seconds. */
                "webhook-timestamp": string;
                /** @description Standard Webhooks signatures, space-separated: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`. */
                "webhook-signature": string;
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, one `v1=` per current secret. */
                "X-NebulaHex-Signature": string;
                /** @description The event type, as `type` in the body. */
                "X-NebulaHex-Event": string;
                /** @description The delivery id (`dlv_…`), as `GET /api/v1/hooks/{hookId}/deliveries` lists it. */
                "X-NebulaHex-Delivery": string;
                /** @description Only while the service runs with tracing on: the W3C trace context of the attempt, a child of the request that caused the event. */
                traceparent?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_1Mq7RtY5uI1oP3aS7dF9gH",
                 *       "type": "message.sent",
                 *       "createdAt": "2026-03-14T09:21:52.318Z",
                 *       "workspaceId": "ws_7Hd2KqL9mXp3VbN8cR1tZw",
                 *       "data": {
                 *         "conversationId": "cnv_4a7b2",
                 *         "botId": "bot_4a7b2",
                 *         "sessionId": "ses_9Kq3LmX2pV7rT1wYz8BcDf",
                 *         "messageId": "msg_6Tr2VbN8kLq3XzP1wM5sHd",
                 *         "channel": "bot",
                 *         "confidenceScore": 0.86,
                 *         "wasFallback": false,
                 *         "sentAt": "2026-03-14T09:21:52.318Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["MessageSentEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the delivery timeout (15 s by default) counts as delivered; the body is ignored. Redirects are not followed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `410 Gone` pauses the subscription at once: nothing more is sent until it is resumed. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a timeout, a network error) is retried: 8 attempts over about a day and a half, after `Retry-After` on 429 and 503. A delivery that fails every attempt pauses the subscription. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    leadCapturedWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt. De-duplicate by it. */
                "webhook-id": string;
                /** @description When this attempt was signed, in Unix seconds. */
                "webhook-timestamp": string;
                /** @description Standard Webhooks signatures, space-separated: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`. */
                "webhook-signature": string;
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, one `v1=` per current secret. */
                "X-NebulaHex-Signature": string;
                /** @description The event type, as `type` in the body. */
                "X-NebulaHex-Event": string;
                /** @description The delivery id (`dlv_…`), as `GET /api/v1/hooks/{hookId}/deliveries` lists it. */
                "X-NebulaHex-Delivery": string;
                /** @description Only while the service runs with tracing on: the W3C trace context of the attempt, a child of the request that caused the event. */
                traceparent?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_2Wq8RtY5uI1oP3aS7dF9gJ",
                 *       "type": "lead.captured",
                 *       "createdAt": "2026-03-14T09:25:10.004Z",
                 *       "workspaceId": "ws_7Hd2KqL9mXp3VbN8cR1tZw",
                 *       "data": {
                 *         "conversationId": "cnv_4a7b2",
                 *         "botId": "bot_4a7b2",
                 *         "leadId": "lead_3Hk8WqP2nZr5VbX1cL9mTe",
                 *         "capturedFields": {
                 *           "email": "dana@example.com",
                 *           "name": "Dana Reyes",
                 *           "phone": "+1 415 555 0134"
                 *         },
                 *         "sessionId": "ses_9Kq3LmX2pV7rT1wYz8BcDf",
                 *         "capturedAt": "2026-03-14T09:25:10.004Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["LeadCapturedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the delivery timeout (15 s by default) counts as delivered; the body is ignored. Redirects are not followed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `410 Gone` pauses the subscription at once: nothing more is sent until it is resumed. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a timeout, a network error) is retried: 8 attempts over about a day and a half, after `Retry-After` on 429 and 503. A delivery that fails every attempt pauses the subscription. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    orderLookupWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt. De-duplicate by it. */
                "webhook-id": string;
                /** @description When this attempt was signed, in Unix seconds. */
                "webhook-timestamp": string;
                /** @description Standard Webhooks signatures, space-separated: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`. */
                "webhook-signature": string;
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, one `v1=` per current secret. */
                "X-NebulaHex-Signature": string;
                /** @description The event type, as `type` in the body. */
                "X-NebulaHex-Event": string;
                /** @description The delivery id (`dlv_…`), as `GET /api/v1/hooks/{hookId}/deliveries` lists it. */
                "X-NebulaHex-Delivery": string;
                /** @description Only while the service runs with tracing on: the W3C trace context of the attempt, a child of the request that caused the event. */
                traceparent?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_3Xr9StZ6vJ2pQ4bT8eG0hK",
                 *       "type": "order.lookup",
                 *       "createdAt": "2026-03-14T09:23:41.870Z",
                 *       "workspaceId": "ws_7Hd2KqL9mXp3VbN8cR1tZw",
                 *       "data": {
                 *         "conversationId": "cnv_4a7b2",
                 *         "botId": "bot_4a7b2",
                 *         "sessionId": "ses_9Kq3LmX2pV7rT1wYz8BcDf",
                 *         "orderId": "1001",
                 *         "lookupSource": "http",
                 *         "lookedUpAt": "2026-03-14T09:23:41.870Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OrderLookupEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the delivery timeout (15 s by default) counts as delivered; the body is ignored. Redirects are not followed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `410 Gone` pauses the subscription at once: nothing more is sent until it is resumed. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a timeout, a network error) is retried: 8 attempts over about a day and a half, after `Retry-After` on 429 and 503. A delivery that fails every attempt pauses the subscription. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    conversationFallbackWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt. De-duplicate by it. */
                "webhook-id": string;
                /** @description When this attempt was signed, in Unix seconds. */
                "webhook-timestamp": string;
                /** @description Standard Webhooks signatures, space-separated: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`. */
                "webhook-signature": string;
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, one `v1=` per current secret. */
                "X-NebulaHex-Signature": string;
                /** @description The event type, as `type` in the body. */
                "X-NebulaHex-Event": string;
                /** @description The delivery id (`dlv_…`), as `GET /api/v1/hooks/{hookId}/deliveries` lists it. */
                "X-NebulaHex-Delivery": string;
                /** @description Only while the service runs with tracing on: the W3C trace context of the attempt, a child of the request that caused the event. */
                traceparent?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_4Ys0TuA7wK3qR5cU9fH1iL",
                 *       "type": "conversation.fallback",
                 *       "createdAt": "2026-03-14T09:22:30.291Z",
                 *       "workspaceId": "ws_7Hd2KqL9mXp3VbN8cR1tZw",
                 *       "data": {
                 *         "conversationId": "cnv_4a7b2",
                 *         "botId": "bot_4a7b2",
                 *         "sessionId": "ses_9Kq3LmX2pV7rT1wYz8BcDf",
                 *         "lastMessage": "can u do the thing w my acct",
                 *         "confidenceScore": 0.18,
                 *         "fellBackAt": "2026-03-14T09:22:30.291Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ConversationFallbackEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the delivery timeout (15 s by default) counts as delivered; the body is ignored. Redirects are not followed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `410 Gone` pauses the subscription at once: nothing more is sent until it is resumed. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a timeout, a network error) is retried: 8 attempts over about a day and a half, after `Retry-After` on 429 and 503. A delivery that fails every attempt pauses the subscription. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    conversationEscalationWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt. De-duplicate by it. */
                "webhook-id": string;
                /** @description When this attempt was signed, in Unix seconds. */
                "webhook-timestamp": string;
                /** @description Standard Webhooks signatures, space-separated: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`. */
                "webhook-signature": string;
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, one `v1=` per current secret. */
                "X-NebulaHex-Signature": string;
                /** @description The event type, as `type` in the body. */
                "X-NebulaHex-Event": string;
                /** @description The delivery id (`dlv_…`), as `GET /api/v1/hooks/{hookId}/deliveries` lists it. */
                "X-NebulaHex-Delivery": string;
                /** @description Only while the service runs with tracing on: the W3C trace context of the attempt, a child of the request that caused the event. */
                traceparent?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_5Zt1UvB8xL4rS6dV0gI2jM",
                 *       "type": "conversation.escalation",
                 *       "createdAt": "2026-03-14T09:26:02.140Z",
                 *       "workspaceId": "ws_7Hd2KqL9mXp3VbN8cR1tZw",
                 *       "data": {
                 *         "conversationId": "cnv_4a7b2",
                 *         "botId": "bot_4a7b2",
                 *         "sessionId": "ses_9Kq3LmX2pV7rT1wYz8BcDf",
                 *         "reason": "customer_requested",
                 *         "transcript": [
                 *           {
                 *             "author": "bot",
                 *             "text": "Hi! How can I help?",
                 *             "sentAt": "2026-03-14T09:21:47.120Z"
                 *           },
                 *           {
                 *             "author": "customer",
                 *             "text": "Where is my order #1001?",
                 *             "sentAt": "2026-03-14T09:23:40.511Z"
                 *           },
                 *           {
                 *             "author": "bot",
                 *             "text": "Order #1001 is shipped.",
                 *             "sentAt": "2026-03-14T09:23:41.902Z"
                 *           },
                 *           {
                 *             "author": "customer",
                 *             "text": "It never arrived, I want to talk to a human",
                 *             "sentAt": "2026-03-14T09:26:02.117Z"
                 *           }
                 *         ],
                 *         "escalatedAt": "2026-03-14T09:26:02.140Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ConversationEscalationEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the delivery timeout (15 s by default) counts as delivered; the body is ignored. Redirects are not followed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `410 Gone` pauses the subscription at once: nothing more is sent until it is resumed. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a timeout, a network error) is retried: 8 attempts over about a day and a half, after `Retry-After` on 429 and 503. A delivery that fails every attempt pauses the subscription. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    conversationResolvedWebhook: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id (`evt_…`): the same on every attempt. De-duplicate by it. */
                "webhook-id": string;
                /** @description When this attempt was signed, in Unix seconds. */
                "webhook-timestamp": string;
                /** @description Standard Webhooks signatures, space-separated: `v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`. */
                "webhook-signature": string;
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256(key, "<t>.<raw body>")>`, one `v1=` per current secret. */
                "X-NebulaHex-Signature": string;
                /** @description The event type, as `type` in the body. */
                "X-NebulaHex-Event": string;
                /** @description The delivery id (`dlv_…`), as `GET /api/v1/hooks/{hookId}/deliveries` lists it. */
                "X-NebulaHex-Delivery": string;
                /** @description Only while the service runs with tracing on: the W3C trace context of the attempt, a child of the request that caused the event. */
                traceparent?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_6Au2VwC9yM5sT7eW1hJ3kN",
                 *       "type": "conversation.resolved",
                 *       "createdAt": "2026-03-14T09:31:15.002Z",
                 *       "workspaceId": "ws_7Hd2KqL9mXp3VbN8cR1tZw",
                 *       "data": {
                 *         "conversationId": "cnv_4a7b2",
                 *         "botId": "bot_4a7b2",
                 *         "sessionId": "ses_9Kq3LmX2pV7rT1wYz8BcDf",
                 *         "resolvedAt": "2026-03-14T09:31:15.002Z"
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["ConversationResolvedEvent"];
            };
        };
        responses: {
            /** @description Any 2xx within the delivery timeout (15 s by default) counts as delivered; the body is ignored. Redirects are not followed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `410 Gone` pauses the subscription at once: nothing more is sent until it is resumed. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything else (another status, a timeout, a network error) is retried: 8 attempts over about a day and a half, after `Retry-After` on 429 and 503. A delivery that fails every attempt pauses the subscription. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
