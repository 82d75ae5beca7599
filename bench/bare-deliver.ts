import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { signDelivery } from '../src/modules/hooks/delivery/signature';

/**
 * The delivery baseline of `npm run bench`: the bare loop a webhook worker cannot beat. It signs
 * each body with the service's own signing code (`signDelivery`: both signature schemes) and POSTs
 * it with undici to the same receiver, `BENCH_CONCURRENCY` at a time (the worker's
 * `NHX_WEBHOOK_CONCURRENCY`), reading nothing from a database or a queue. Input: the JSON file at
 * argv[2]; output: one JSON line `{ delivered, failed, ms, cpuMs }` on stdout, `cpuMs` being the CPU
 * time (user + system) of the loop alone, without the script's start-up.
 */
interface BareDelivery {
  targetUrl: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  body: string;
  secret: string;
}

async function main(): Promise<void> {
  const deliveries = JSON.parse(readFileSync(process.argv[2], 'utf8')) as BareDelivery[];
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
  const dispatcher = new Agent();
  let next = 0;
  let delivered = 0;
  let failed = 0;
  const send = async (delivery: BareDelivery) => {
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'NebulaHex-Webhooks/1',
      'X-NebulaHex-Event': delivery.eventType,
      'X-NebulaHex-Delivery': delivery.deliveryId,
      ...signDelivery([delivery.secret], delivery.eventId, delivery.body),
    };
    const response = await request(delivery.targetUrl, {
      method: 'POST',
      headers,
      body: delivery.body,
      dispatcher,
    });
    await response.body.text();
    if (response.statusCode >= 200 && response.statusCode < 300) delivered += 1;
    else failed += 1;
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < deliveries.length) await send(deliveries[next++]);
    }),
  );
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  await dispatcher.close();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({ delivered, failed, ms, cpuMs })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
