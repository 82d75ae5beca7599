import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiQueryErrors } from '../../common/decorators/api-docs.decorator';
import { Auth, CurrentPrincipal } from '../../common/decorators/auth.decorator';
import { DEFAULT_PAGE_SIZE, PageQueryDto } from '../../common/http/pagination';
import type { Principal } from '../../common/auth/principal';
import { BotsService } from './bots.service';
import { BotListDto } from './dto/bot.dto';

@ApiTags('Bots')
@Controller('api/v1/bots')
export class BotsController {
  constructor(private readonly bots: BotsService) {}

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listBots',
    summary: 'List all bots in your workspace',
    description: 'Oldest first. Used by integrations like Zapier for dynamic dropdown fields.',
  })
  @ApiOkResponse({ description: "One page of the workspace's bots.", type: BotListDto })
  @ApiQueryErrors()
  list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<BotListDto> {
    return this.bots.list(principal.workspaceId, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }
}
