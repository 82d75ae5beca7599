import { Module } from '@nestjs/common';

/**
 * The worker's part: no controllers, no guards. The outbox relay and the webhook-delivery processor
 * join here (webhooks issue); until then a worker boots, idles and shuts down cleanly.
 */
@Module({})
export class WorkerModule {}
