import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { SatisfactionLiveResponse, SatisfactionSummaryResponse, SurveyLookupResponse, SurveyResult } from '@callcentre/shared';
import { AllowApiKey, Public, Roles } from '../../common/auth';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { OriginPolicy } from '../../common/http/origin.policy';
import { uuidParam } from '../../common/http/uuid-param';
import { SatisfactionSummaryQuery } from './dto/satisfaction-summary.query';
import { KeypadAnswersDto, SurveyTokenDto, WebSurveyAnswerDto } from './dto/survey-answers.dto';
import { PublicRateLimit } from './public-rate-limit';
import { satisfactionErrors } from './satisfaction.errors';
import { SatisfactionService } from './satisfaction.service';

const time = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));

/** The survey page's calls, per client address: a person answers a survey in a few requests. */
const SURVEY_REQUESTS_PER_MINUTE = 20;
const SURVEY_REQUEST_BURST = 10;

@ApiTags('satisfaction')
@Controller()
export class SatisfactionController {
  private readonly origins: OriginPolicy;
  private readonly limit = new PublicRateLimit(SURVEY_REQUESTS_PER_MINUTE, SURVEY_REQUEST_BURST, 'SURVEY_RATE_LIMITED');

  constructor(
    private readonly satisfaction: SatisfactionService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.origins = new OriginPolicy(config.CORS_ORIGINS);
  }

  @Post('api/interactions/:id/survey')
  @HttpCode(200)
  @AllowApiKey('ingest')
  @Roles('supervisor')
  @ApiOperation({ summary: 'Telephony: the caller’s keypad answers to the end-of-call survey (experience and expectation, 1–5); the same answers again are idempotent' })
  keypad(@Param('id', uuidParam('id')) interactionId: string, @Body() body: KeypadAnswersDto): Promise<SurveyResult> {
    return this.satisfaction.answerByKeypad(interactionId, body);
  }

  @Post('api/surveys/lookup')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'The survey page: whether the survey of this link can be answered (no sign-in; the token is the link’s)' })
  lookup(@Body() body: SurveyTokenDto, @Req() request: Request): Promise<SurveyLookupResponse> {
    this.admit(request);
    return this.satisfaction.lookup(body.token);
  }

  @Post('api/surveys/answer')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'The survey page: the customer’s answers; the link works once, until it expires' })
  answer(@Body() body: WebSurveyAnswerDto, @Req() request: Request): Promise<SurveyResult> {
    this.admit(request);
    return this.satisfaction.answerByToken(body.token, { experience: body.experience, expectation: body.expectation });
  }

  @Get('api/satisfaction/summary')
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'Satisfaction of the contacts ended in [from, to), by agent, queue, value tier or RFM cell' })
  summary(@Query() query: SatisfactionSummaryQuery): Promise<SatisfactionSummaryResponse> {
    return this.satisfaction.summary({ from: time(query.from), to: time(query.to) }, query.groupBy ?? 'agent');
  }

  @Get('api/satisfaction/live')
  @Roles('supervisor', 'team_lead', 'admin')
  @ApiOperation({ summary: 'Satisfaction since the centre’s midnight by agent, queue, value tier and RFM cell (the wallboard’s live figures)' })
  live(): Promise<SatisfactionLiveResponse> {
    return this.satisfaction.live();
  }

  /** A page of another site may not post answers (its Origin says so), and no client may post too fast. */
  private admit(request: Request): void {
    if (!this.origins.admitsCustomerPage(request.headers)) throw satisfactionErrors.foreignOrigin();
    if (!this.limit.tryTake(request.ip ?? 'unknown')) throw satisfactionErrors.rateLimited();
  }
}
