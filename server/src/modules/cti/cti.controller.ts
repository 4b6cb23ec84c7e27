import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowApiKey, AuthenticatedPrincipal, CurrentUser, Roles } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { uuidParam } from '../../common/http/uuid-param';
import { CTI_SIGNATURE_HEADER, CTI_TIMESTAMP_HEADER, verifyCtiMessage } from './cti-signature';
import { ctiErrors } from './cti.errors';
import { CtiService } from './cti.service';
import { CallCommandDto } from './dto/call-command.dto';
import { CallTimesQuery } from './dto/call-times.query';
import { TelephonyEventDto } from './dto/telephony-event.dto';

const id = () => uuidParam('id');

@ApiTags('calls')
@Controller('api/calls')
export class CallsController {
  constructor(private readonly cti: CtiService) {}

  @Get('directory')
  @Roles('agent', 'supervisor', 'team_lead')
  @ApiOperation({ summary: 'Colleagues to consult or transfer to, with live presence and skills, and queues with their free agents' })
  directory() {
    return this.cti.directory();
  }

  @Get('live')
  @Roles('agent', 'supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'Calls on desktops now (held, consulting, in conference); agents: the calls they are on' })
  live(@CurrentUser() principal: AuthenticatedPrincipal) {
    return this.cti.liveCalls(principal);
  }

  @Get('times')
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'Talk and hold counted apart per queue, over the voice calls that ended in the period (default: the last 24 hours)' })
  times(@Query() query: CallTimesQuery) {
    return this.cti.callTimes(query.from, query.to);
  }

  @Get(':id')
  @Roles('agent', 'supervisor', 'team_lead')
  @ApiOperation({ summary: 'A call now, its timeline (rang, answered, held 0:42, consulted, transferred), talk and hold apart' })
  details(@Param('id', id()) contactId: string, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.cti.details(contactId, principal);
  }

  @Post(':id/commands')
  @HttpCode(202)
  @Roles('agent')
  @ApiOperation({ summary: 'Hold, mute, consult, transfer, conference or end the call; sent to the PBX, its answer comes as call:update' })
  command(@Param('id', id()) contactId: string, @Body() body: CallCommandDto, @CurrentUser() principal: AuthenticatedPrincipal) {
    return this.cti.request(contactId, principal, body);
  }
}

@ApiTags('cti')
@Controller('api/cti')
export class TelephonyEventsController {
  constructor(
    private readonly cti: CtiService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('events')
  @HttpCode(200)
  @AllowApiKey('ingest')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Telephony: a command confirmed or refused, a call ended (signed with CTI_SHARED_SECRET when set)' })
  event(@Body() body: TelephonyEventDto, @Req() request: Request & { rawBody?: Buffer }) {
    const secret = this.config.CTI_SHARED_SECRET;
    if (secret) {
      const raw = request.rawBody?.toString('utf8') ?? '';
      const header = (name: string) => (typeof request.headers[name] === 'string' ? (request.headers[name] as string) : undefined);
      if (!verifyCtiMessage(secret, header(CTI_TIMESTAMP_HEADER), raw, header(CTI_SIGNATURE_HEADER), Date.now())) throw ctiErrors.badSignature();
    }
    return this.cti.telephonyEvent(body);
  }
}
