import { Controller, Get, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDocumentParts, ApiQueryErrors } from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import { DEFAULT_PAGE_SIZE } from '../../common/http/pagination';
import type { Principal } from '../../common/auth/principal';
import { EVENT_DTOS, EVENT_SCHEMA, EVENT_UNION_SCHEMA, EventListDto, EventQueryDto } from './dto/event.dto';
import { EventsService } from './events.service';

@ApiTags('Events')
@ApiExtraModels(...Object.values(EVENT_DTOS))
@ApiDocumentParts({ schemas: { [EVENT_SCHEMA]: EVENT_UNION_SCHEMA } })
@Controller('api/v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'List the events of the last 30 days',
    description:
      'Oldest first (or newest first with `order=desc`), with the envelope webhooks receive. An event is ' +
      'listed as soon as its transaction has committed, after every event listed before it: following ' +
      '`nextCursor` never skips an event, and a long transaction elsewhere on the database server does not ' +
      'hold the feed back. To read only what is new, start with `after=now` and follow its `nextCursor`; ' +
      'when a page ends with `nextCursor: null`, resume later with `after=<the last event id you read>`.',
  })
  @ApiOkResponse({ description: "One page of the workspace's events.", type: EventListDto })
  @ApiQueryErrors()
  list(@CurrentPrincipal() principal: Principal, @Query() query: EventQueryDto): Promise<EventListDto> {
    return this.events.list(principal.workspaceId, {
      type: query.type,
      since: query.since === undefined ? undefined : new Date(query.since),
      limit: query.limit ?? DEFAULT_PAGE_SIZE,
      cursor: query.cursor,
      order: query.order,
      after: query.after,
    });
  }
}
