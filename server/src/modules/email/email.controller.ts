import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowApiKey, AuthenticatedUser, CurrentUser, Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { ChangeSortingDto, DraftQuery, GatewayMessageDto, ReplyDto } from './dto/email-contact.dto';
import { EmailRulesDto, EmailSettingsDto } from './dto/email-settings.dto';
import { contentDisposition, servedContentType } from './email-download';
import { EmailService } from './email.service';

const id = () => uuidParam('id');

@ApiTags('email')
@Controller('api/email')
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @Post('messages')
  @AllowApiKey('ingest')
  @Roles('supervisor')
  @ApiOperation({ summary: 'A mail gateway hands over one message (raw, base64): stored, sorted and routed like mail arriving by SMTP' })
  async inbound(@Body() body: GatewayMessageDto, @Res({ passthrough: true }) response: Response) {
    const result = await this.email.receiveFromGateway(Buffer.from(body.raw, 'base64'), body.recipients ?? []);
    response.status(result.duplicate ? 200 : 201);
    return { messageId: result.messageRowId, interactionId: result.interactionId, duplicate: result.duplicate };
  }

  @Get('settings')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'The centre’s addresses, department queues, reply promise per priority, and the sorting rules' })
  settings() {
    return this.email.settingsView();
  }

  @Put('settings')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the addresses, department queues and reply promise (audited)' })
  updateSettings(@Body() body: EmailSettingsDto, @CurrentUser() user: AuthenticatedUser) {
    return this.email.updateSettings(body, user);
  }

  @Put('rules')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace the ordered sorting rules (audited); new mail is sorted by them' })
  updateRules(@Body() body: EmailRulesDto, @CurrentUser() user: AuthenticatedUser) {
    return this.email.updateRules(body.rules, user);
  }

  @Get('backlog')
  @Roles('supervisor', 'team_lead')
  @ApiOperation({ summary: 'Unanswered e-mail per queue: how many wait for a reply, how many are past due, the nearest due time' })
  backlog() {
    return this.email.backlog();
  }

  @Get('contacts/:id')
  @Roles('agent', 'supervisor', 'team_lead')
  @ApiOperation({ summary: 'An e-mail contact: department, priority, due time and its conversation (text only)' })
  contact(@Param('id', id()) interactionId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.email.contactView(interactionId, user);
  }

  @Patch('contacts/:id')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Move an e-mail contact to another department or priority (audited)' })
  changeSorting(@Param('id', id()) interactionId: string, @Body() body: ChangeSortingDto, @CurrentUser() user: AuthenticatedUser) {
    return this.email.changeSorting(interactionId, body, user);
  }

  @Get('contacts/:id/draft')
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'A reply from a template: the customer’s name, a signature and the original quoted' })
  draft(@Param('id', id()) interactionId: string, @Query() query: DraftQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.email.draft(interactionId, query.template ?? 'standard', user, query.language ?? 'en');
  }

  @Post('contacts/:id/replies')
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Reply to the customer: stored at once, then sent through the relay by a durable job' })
  reply(@Param('id', id()) interactionId: string, @Body() body: ReplyDto, @CurrentUser() user: AuthenticatedUser) {
    return this.email.reply(interactionId, body, user);
  }

  @Post('replies/:id/retry')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Send again a reply that failed or was kept for want of a relay' })
  retry(@Param('id', id()) messageId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.email.retry(messageId, user);
  }

  @Get('attachments/:id')
  @Roles('agent', 'supervisor', 'team_lead')
  @ApiOperation({ summary: 'Download an attachment (always as a file, never shown inline)' })
  async attachment(@Param('id', id()) attachmentId: string, @CurrentUser() user: AuthenticatedUser, @Res({ passthrough: true }) response: Response) {
    const file = await this.email.attachment(attachmentId, user);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(file.content, { type: servedContentType(file.contentType), disposition: contentDisposition(file.filename), length: file.content.length });
  }
}
