import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiDocumentParts,
  ApiErrorResponse,
  ApiJsonBodyErrors,
  ApiQueryErrors,
  ApiResourceParam,
} from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../common/http/pagination';
import { Idempotent } from '../../common/idempotency/idempotency.decorator';
import type { Principal } from '../../common/auth/principal';
import {
  CreatedHookDto,
  CreateHookDto,
  DeliveryListDto,
  DeliveryQueryDto,
  HookDto,
  HookListDto,
  ResumeHookDto,
  RetriedDeliveryDto,
  RotatedSecretDto,
  TestDeliveryDto,
} from './dto/hook.dto';
import { HooksService } from './hooks.service';
import { EVENT_WEBHOOKS, VERIFYING_DELIVERIES } from './webhook-docs';

const HookIdParam = () => ApiResourceParam('hookId', { resource: 'webhook subscription', kind: 'hook' });

@ApiTags('Webhooks')
@ApiDocumentParts({ webhooks: EVENT_WEBHOOKS, introduction: VERIFYING_DELIVERIES })
@Auth('admin')
@Controller('api/v1/hooks')
export class HooksController {
  constructor(private readonly hooks: HooksService) {}

  @Get()
  @ApiOperation({
    operationId: 'listHooks',
    summary: 'List webhook subscriptions',
    description: 'Oldest first. Never the signing secret.',
  })
  @ApiOkResponse({ description: "One page of the workspace's subscriptions.", type: HookListDto })
  @ApiQueryErrors()
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<HookListDto> {
    return this.hooks.list(principal.workspaceId, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Post()
  @ApiOperation({
    operationId: 'createHook',
    summary: 'Subscribe a URL to an event type',
    description:
      'Deliveries are POSTed with `X-NebulaHex-Signature` and the Standard Webhooks headers, signed with the ' +
      '`signingSecret` returned here once. Failed deliveries are retried for about a day and a half; a `410 Gone` ' +
      'or a delivery that exhausts its attempts pauses the subscription.',
  })
  @ApiCreatedResponse({
    description: 'The subscription, with its signing secret (its one showing).',
    type: CreatedHookDto,
  })
  @ApiJsonBodyErrors()
  @Idempotent()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateHookDto): Promise<CreatedHookDto> {
    return this.hooks.create(principal.workspaceId, body);
  }

  @Get(':hookId')
  @ApiOperation({
    operationId: 'getHook',
    summary: 'Get a webhook subscription',
    description: 'With its status, why it is paused if it is, and its last delivery.',
  })
  @HookIdParam()
  @ApiOkResponse({ description: 'The subscription.', type: HookDto })
  get(@CurrentPrincipal() principal: Principal, @Param('hookId') hookId: string): Promise<HookDto> {
    return this.hooks.get(principal.workspaceId, hookId);
  }

  @Delete(':hookId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    operationId: 'deleteHook',
    summary: 'Delete a webhook subscription',
    description: 'Its pending deliveries are dropped.',
  })
  @HookIdParam()
  @ApiNoContentResponse({ description: 'Deleted.' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('hookId') hookId: string): Promise<void> {
    await this.hooks.remove(principal.workspaceId, hookId);
  }

  @Post(':hookId/resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'resumeHook',
    summary: 'Re-activate a paused subscription',
    description: 'Idempotent. With `replay: true`, what it missed while paused is delivered too.',
  })
  @HookIdParam()
  @ApiOkResponse({ description: 'The subscription, active.', type: HookDto })
  @ApiJsonBodyErrors()
  @Idempotent()
  resume(
    @CurrentPrincipal() principal: Principal,
    @Param('hookId') hookId: string,
    @Body() body: ResumeHookDto,
  ): Promise<HookDto> {
    return this.hooks.resume(principal.workspaceId, hookId, body?.replay ?? false);
  }

  @Post(':hookId/test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'testHook',
    summary: 'Send a sample event to the endpoint now',
    description:
      'Signed like a real delivery; answers what was sent and what the endpoint said. Not logged or retried.',
  })
  @HookIdParam()
  @ApiOkResponse({ description: 'What was sent and what came back.', type: TestDeliveryDto })
  @Idempotent()
  test(@CurrentPrincipal() principal: Principal, @Param('hookId') hookId: string): Promise<TestDeliveryDto> {
    return this.hooks.test(principal.workspaceId, hookId);
  }

  @Get(':hookId/deliveries')
  @ApiOperation({
    operationId: 'listHookDeliveries',
    summary: 'List deliveries with every attempt',
    description: 'Newest first.',
  })
  @HookIdParam()
  @ApiOkResponse({ description: 'One page of deliveries.', type: DeliveryListDto })
  @ApiQueryErrors()
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @Param('hookId') hookId: string,
    @Query() query: DeliveryQueryDto,
  ): Promise<DeliveryListDto> {
    return this.hooks.deliveries(principal.workspaceId, hookId, {
      status: query.status,
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
    });
  }

  @Post(':hookId/deliveries/:deliveryId/retry')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'retryHookDelivery',
    summary: 'Deliver again',
    description:
      'Schedules a finished delivery (succeeded, failed or cancelled) again now, with a fresh retry schedule.',
  })
  @HookIdParam()
  @ApiResourceParam('deliveryId', { resource: 'delivery', kind: 'delivery' })
  @ApiAcceptedResponse({ description: 'Scheduled.', type: RetriedDeliveryDto })
  @ApiErrorResponse(409, 'The delivery is still pending, or the subscription is paused.', {
    pending: {
      summary: 'Still pending',
      code: 'conflict',
      message: 'This delivery is still pending: its next attempt is already scheduled.',
    },
  })
  @Idempotent()
  retry(
    @CurrentPrincipal() principal: Principal,
    @Param('hookId') hookId: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<RetriedDeliveryDto> {
    return this.hooks.retry(principal.workspaceId, hookId, deliveryId);
  }

  @Post(':hookId/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'rotateHookSecret',
    summary: 'Rotate the signing secret',
    description:
      'Returns the new secret once. For 24 hours deliveries carry signatures by both secrets, so receivers can switch without a gap.',
  })
  @HookIdParam()
  @ApiOkResponse({ description: 'The new secret.', type: RotatedSecretDto })
  @Idempotent()
  rotateSecret(
    @CurrentPrincipal() principal: Principal,
    @Param('hookId') hookId: string,
  ): Promise<RotatedSecretDto> {
    return this.hooks.rotateSecret(principal.workspaceId, hookId);
  }
}
