import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorResponse,
  ApiJsonBodyErrors,
  ApiQueryErrors,
} from '../../common/decorators/api-docs.decorator';
import { Public, WIDGET_SESSION_SECURITY } from '../../common/decorators/auth.decorator';
import {
  CreateWidgetSessionDto,
  PostWidgetMessageDto,
  WidgetMessagesDto,
  WidgetMessagesQueryDto,
  WidgetSessionDto,
} from './dto/widget.dto';
import { CurrentWidgetSession, WidgetLimit } from './widget-limit.guard';
import { WidgetService, type WidgetSession } from './widget.service';

const SessionParam = () =>
  ApiParam({
    name: 'sessionId',
    type: String,
    description: 'The session id (`ses_…`) that creating the session answered.',
    example: 'ses_8Kd2WqN5zLr1VbX7cP3mTe',
  });

const SESSION_TOKEN =
  ' Send the session token creating the session answered as `Authorization: Bearer <sessionToken>` (not an API key).';

/** A session's routes: its token as the security scheme (no API key), and what a wrong one gets. */
const SessionAuth = () =>
  applyDecorators(
    ApiBearerAuth(WIDGET_SESSION_SECURITY),
    ApiErrorResponse(401, 'The session token is missing or not this session’s.', {
      unauthorized: {
        summary: 'No valid session token',
        code: 'unauthorized',
        message: 'A valid session token is required: send `Authorization: Bearer <sessionToken>`.',
      },
    }),
    ApiErrorResponse(404, 'No session with this id.', {
      notFound: { summary: 'No such session', code: 'not_found', message: 'No such session.' },
    }),
  );

/**
 * The public chat channel a website embeds (README, Widget channel and demo chat): no API key; a session's messages need the
 * token its creation answered. CORS-open (see `core/http/cors.ts`). Limited per client address on
 * starting sessions and per session on messages and polls (`WidgetLimit`).
 */
@ApiTags('Widget')
@Public()
@Controller('widget/v1')
export class WidgetController {
  constructor(private readonly widget: WidgetService) {}

  @Post('bots/:botId/sessions')
  @ApiOperation({
    operationId: 'createWidgetSession',
    summary: 'Start a chat with a bot',
    description:
      'Public: what the chat widget calls when a customer opens it. Opens a conversation (`status: open`, ' +
      '`handler: bot`) and answers the bot’s greeting and a session token, shown once. The greeting fires ' +
      '`message.sent` with `channel: "bot"`.',
  })
  @ApiParam({ name: 'botId', type: String, description: 'The bot’s id (`bot_…`).', example: 'bot_4a7b2' })
  @ApiCreatedResponse({ description: 'The session, its token and the greeting.', type: WidgetSessionDto })
  @ApiJsonBodyErrors()
  @ApiErrorResponse(403, 'The bot is inactive.', {
    inactiveBot: {
      summary: 'Inactive bot',
      code: 'forbidden',
      message: 'This bot is not accepting conversations.',
    },
  })
  @ApiErrorResponse(404, 'No bot with this id.', {
    notFound: { summary: 'No such bot', code: 'not_found', message: 'No such bot.' },
  })
  @WidgetLimit('sessions')
  createSession(
    @Param('botId') botId: string,
    @Body() body: CreateWidgetSessionDto,
  ): Promise<WidgetSessionDto> {
    return this.widget.createSession(botId, body?.customer);
  }

  @Post('sessions/:sessionId/messages')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    operationId: 'sendWidgetMessage',
    summary: 'Send a customer message',
    description:
      'Stores the customer’s message (`message.sent`, `channel: "widget"`) and, while the bot handles the ' +
      'conversation, its replies (`channel: "bot"`) with what they cause: `lead.captured` for an email or ' +
      'phone number, `order.lookup` for an order reference found, `conversation.fallback` below the bot’s ' +
      'confidence threshold, `conversation.escalation` on an escalation phrase or too many fallbacks in a ' +
      'row. While the team handles it the bot stays silent; a resolved conversation re-opens and the bot ' +
      'answers again.' +
      SESSION_TOKEN,
  })
  @SessionParam()
  @ApiCreatedResponse({
    description: 'The customer’s message, then any bot replies.',
    type: WidgetMessagesDto,
    example: {
      messages: [
        {
          id: 'msg_2Fd8WqN5zLr1VbX7cP3mTe',
          author: 'customer',
          text: 'What are your opening hours?',
          sentAt: '2026-03-14T09:22:03.512Z',
        },
        {
          id: 'msg_7Hk8WqP2nZr5VbX1cL9mTe',
          author: 'bot',
          text: 'We’re open 9-5, Monday to Friday.',
          sentAt: '2026-03-14T09:22:03.530Z',
        },
      ],
    },
  })
  @ApiJsonBodyErrors()
  @SessionAuth()
  @WidgetLimit('messages')
  postMessage(
    @CurrentWidgetSession() session: WidgetSession,
    @Body() body: PostWidgetMessageDto,
  ): Promise<WidgetMessagesDto> {
    return this.widget.postMessage(session, body.text);
  }

  @Get('sessions/:sessionId/messages')
  @ApiOperation({
    operationId: 'listWidgetMessages',
    summary: 'Poll a chat’s messages',
    description:
      'The messages after `after` (all of them without it), oldest first, at most 100 per call: the bot’s ' +
      'and the team’s replies too. Poll again with the last id for more.' +
      SESSION_TOKEN,
  })
  @SessionParam()
  @ApiOkResponse({ description: 'The messages since `after`.', type: WidgetMessagesDto })
  @ApiQueryErrors()
  @SessionAuth()
  @WidgetLimit('polls')
  listMessages(
    @CurrentWidgetSession() session: WidgetSession,
    @Query() query: WidgetMessagesQueryDto,
  ): Promise<WidgetMessagesDto> {
    return this.widget.listMessages(session, query.after);
  }
}
