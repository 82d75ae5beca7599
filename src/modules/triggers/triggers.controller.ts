import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ApiQueryErrors } from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import type { Principal } from '../../common/auth/principal';
import { ApiEventProperty } from '../events/dto/event.dto';
import { EVENT_TYPES, type EventEnvelope, type EventType } from '../events/event-types';
import { allSamples } from './samples';
import { Omittable } from '../../common/http/validation';

export class SampleQueryDto {
  @ApiPropertyOptional({
    enum: EVENT_TYPES,
    enumName: 'EventType',
    description: 'Only the sample of this event type.',
  })
  @Omittable()
  @IsIn(EVENT_TYPES)
  event?: EventType;
}

export class SampleDto {
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType', example: 'message.sent' })
  event!: EventType;
  @ApiEventProperty({ description: 'The envelope exactly as a webhook delivers it.' })
  payload!: EventEnvelope;
}

export class SampleListDto {
  @ApiProperty({ type: [SampleDto] })
  samples!: SampleDto[];
}

@ApiTags('Triggers')
@Controller('api/v1/triggers')
export class TriggersController {
  @Get('samples')
  @Auth()
  @ApiOperation({
    operationId: 'listTriggerSamples',
    summary: 'Get example event payloads for every event type',
    description:
      'One realistic envelope per event type, with exactly the fields a delivery carries, for testing a webhook ' +
      'handler before subscribing. `workspaceId` is your own.',
  })
  @ApiOkResponse({ description: 'The samples, one per event type.', type: SampleListDto })
  @ApiQueryErrors()
  samples(@CurrentPrincipal() principal: Principal, @Query() query: SampleQueryDto): SampleListDto {
    const samples = allSamples(principal.workspaceId).filter((s) => !query.event || s.event === query.event);
    return { samples: samples };
  }
}
