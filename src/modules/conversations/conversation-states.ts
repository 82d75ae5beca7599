export const CONVERSATION_STATUSES = ['open', 'escalated', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** `team` means the bot is paused on this thread. */
export const HANDLERS = ['bot', 'team'] as const;
export type Handler = (typeof HANDLERS)[number];

export const MESSAGE_AUTHORS = ['customer', 'bot', 'team'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

/**
 * Where a message came from: the widget (customer), the bot engine, or the team through the API
 * (a key) or the dashboard (a signed-in member).
 */
export const CHANNELS = ['widget', 'bot', 'api', 'dashboard'] as const;
export type Channel = (typeof CHANNELS)[number];
