import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowApiKey, AuthenticatedPrincipal, CurrentUser, Roles } from '../../common/auth';
import { uuidParam } from '../../common/http/uuid-param';
import { CreateInteractionDto } from './dto/create-interaction.dto';
import { ListInteractionsQuery } from './dto/list-interactions.query';
import { SetPriorityDto } from './dto/priority.dto';
import { OfferDecisionDto, TransferInteractionDto, WrapUpDto } from './dto/telephony.dto';
import { IngestionRateLimited, IngestionRateLimiter } from './ingestion-rate-limiter';
import { InteractionsService } from './interactions.service';

const id = () => uuidParam('id');

@ApiTags('interactions')
@Controller('api/interactions')
export class InteractionsController {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly limiter: IngestionRateLimiter,
  ) {}

  @Post()
  @AllowApiKey('ingest')
  @Roles('supervisor')
  @ApiOperation({ summary: 'A contact arrives (PBX, IVR, chat widget, mail gateway); idempotent on externalId' })
  async ingest(@Body() body: CreateInteractionDto, @CurrentUser() caller: AuthenticatedPrincipal, @Res({ passthrough: true }) response: Response) {
    try {
      this.limiter.admit(caller.id);
    } catch (error) {
      if (error instanceof IngestionRateLimited) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
    const result = await this.interactions.ingest(body);
    response.status(result.created ? 201 : 200);
    return result;
  }

  @Get()
  @Roles('agent', 'supervisor', 'team_lead')
  @ApiOperation({
    summary: 'Recent interactions, filtered by status, queue, agent or customer (agents: those they handled; team leads: their team’s and those of complaints they may see)',
  })
  list(@Query() query: ListInteractionsQuery, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.list(query, principal);
  }

  @Get(':id')
  @Roles('agent', 'supervisor', 'team_lead')
  @ApiOperation({ summary: 'One interaction (agents: those they handled and the one ringing for them; team leads: their team’s)' })
  get(@Param('id', id()) interactionId: string, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.getFor(interactionId, principal);
  }

  @Get(':id/routing')
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'Why the contact waits and for whom: place, priority parts, requirements, each agent’s verdict' })
  explain(@Param('id', id()) interactionId: string) {
    return this.interactions.explain(interactionId);
  }

  @Post(':id/abandon')
  @HttpCode(200)
  @AllowApiKey('ingest')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Telephony: the caller hung up while waiting' })
  abandon(@Param('id', id()) interactionId: string) {
    return this.interactions.abandon(interactionId);
  }

  @Post(':id/end')
  @HttpCode(200)
  @AllowApiKey('ingest')
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Telephony: the call (or chat) ended; after-contact work starts' })
  end(@Param('id', id()) interactionId: string, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.end(interactionId, principal);
  }

  @Post(':id/callback')
  @HttpCode(200)
  @AllowApiKey('ingest')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Telephony: the caller asked to be called back; they keep their place' })
  callback(@Param('id', id()) interactionId: string) {
    return this.interactions.requestCallback(interactionId);
  }

  @Post(':id/transfer')
  @HttpCode(200)
  @AllowApiKey('ingest')
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'Transfer to another queue or to one agent' })
  transfer(@Param('id', id()) interactionId: string, @Body() body: TransferInteractionDto, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.transfer(interactionId, body, principal);
  }

  @Post(':id/priority')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Give a waiting contact extra priority points (audited); its place in line follows at once' })
  setPriority(@Param('id', id()) interactionId: string, @Body() body: SetPriorityDto, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.setPriority(interactionId, body.boost, principal);
  }

  @Post(':id/accept')
  @HttpCode(200)
  @Roles('agent')
  @ApiOperation({ summary: 'The offered agent accepts; the contact is connected' })
  accept(@Param('id', id()) interactionId: string, @Body() body: OfferDecisionDto, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.accept(interactionId, principal.id, body.offerId);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('agent')
  @ApiOperation({ summary: 'The offered agent declines; the contact goes back to its place' })
  reject(@Param('id', id()) interactionId: string, @Body() body: OfferDecisionDto, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.reject(interactionId, principal.id, body.offerId);
  }

  @Post(':id/wrap-up')
  @HttpCode(200)
  @Roles('agent')
  @ApiOperation({ summary: 'The agent finishes after-contact work with a disposition' })
  wrapUp(@Param('id', id()) interactionId: string, @Body() body: WrapUpDto, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.interactions.finishWrapUp(interactionId, principal.id, body.disposition, { kind: 'agent', id: principal.id }, body.notes);
  }
}
