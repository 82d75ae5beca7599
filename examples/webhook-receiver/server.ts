import { createServer, type Server } from 'node:http';
import { verifyWebhook, WebhookVerificationError, type WebhookEvent } from '../../clients/typescript';
import { handleEvent } from './handle-event';

export interface ReceiverOptions {
  /** The `signingSecret` (`whsec_…`) of each subscription that delivers here (one per event type). */
  secrets: string[];
  /** Called once per event, after its signature checked out (a second delivery of an event is skipped). */
  onEvent?: (event: WebhookEvent, outcome: string) => void;
}

/**
 * A webhook endpoint: reads the raw body (the signature covers its exact bytes), verifies it, skips
 * an event it has already handled (delivery is at-least-once, so the same `webhook-id` may come
 * again), handles it and answers 204. A bad signature answers 400, which NebulaHex retries, as it
 * does any other failure.
 */
export function createReceiver({ secrets, onEvent }: ReceiverOptions): Server {
  // A real receiver keeps these in its database, next to what handling the event changed.
  const handled = new Set<string>();
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      let event: WebhookEvent | undefined;
      let reason = 'no signing secret configured';
      for (const secret of secrets) {
        try {
          event = verifyWebhook(body, request.headers, secret);
          break;
        } catch (error) {
          reason = error instanceof WebhookVerificationError ? error.message : 'unreadable body';
        }
      }
      if (!event) {
        response
          .writeHead(400, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: reason }));
        return;
      }
      if (!handled.has(event.id)) {
        handled.add(event.id);
        onEvent?.(event, handleEvent(event));
      }
      response.writeHead(204).end();
    });
  });
}

if (require.main === module) {
  const secrets = (process.env.NEBULAHEX_SIGNING_SECRETS ?? '').split(',').filter(Boolean);
  if (secrets.length === 0 || !secrets.every((secret) => secret.startsWith('whsec_'))) {
    process.stderr.write(
      'Set NEBULAHEX_SIGNING_SECRETS to your subscriptions’ signingSecret values (whsec_…, comma-separated).\n',
    );
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 4000);
  createReceiver({
    secrets,
    onEvent: (event, outcome) => process.stdout.write(`${event.type} ${event.id}: ${outcome}\n`),
  }).listen(port, () => process.stdout.write(`listening on http://127.0.0.1:${port}/\n`));
}
