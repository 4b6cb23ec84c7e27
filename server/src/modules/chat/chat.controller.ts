import { Body, Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { ChatTranscript, StartChatResponse } from '@callcentre/shared';
import { AuthenticatedPrincipal, CurrentUser, Public, Roles } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { OriginPolicy } from '../../common/http/origin.policy';
import { uuidParam } from '../../common/http/uuid-param';
import { PublicRateLimit } from '../satisfaction';
import { chatErrors } from './chat.errors';
import { ChatService } from './chat.service';
import { StartChatDto } from './dto/start-chat.dto';

/** Chats one client address may start: 10 at once, then 2 a minute (a shared office address starts several). */
const CHATS_PER_MINUTE = 2;
const CHAT_BURST = 10;

@ApiTags('chat')
@Controller('api/chats')
export class ChatController {
  private readonly origins: OriginPolicy;
  private readonly starts = new PublicRateLimit(CHATS_PER_MINUTE, CHAT_BURST, 'CHAT_RATE_LIMITED');

  constructor(
    private readonly chats: ChatService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.origins = new OriginPolicy(config.CORS_ORIGINS);
  }

  @Post()
  @Public()
  @ApiOperation({ summary: 'The customer chat page starts a chat: a chat contact is queued; the answer holds the token the page talks with' })
  start(@Body() body: StartChatDto, @Req() request: Request): Promise<StartChatResponse> {
    if (!this.origins.admitsCustomerPage(request.headers)) throw chatErrors.foreignOrigin();
    this.starts.take(request.ip ?? 'unknown');
    return this.chats.start(body);
  }

  @Get(':id')
  @Roles('agent', 'supervisor', 'team_lead')
  @ApiOperation({ summary: 'A chat’s transcript (staff who may read its contact)' })
  transcript(@Param('id', uuidParam('id')) chatId: string, @CurrentUser() principal: AuthenticatedPrincipal): Promise<ChatTranscript> {
    return this.chats.transcriptFor(chatId, principal);
  }
}
