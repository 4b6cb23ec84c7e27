import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SURVEY_ANSWERED, type SurveyAnswered } from '../satisfaction';
import { LiveAlertsService } from './live-alerts.service';
import { RealtimeService } from './realtime.service';

/**
 * Satisfaction on the live feed: each committed answer is said to the wallboard (`satisfaction:answered`, its figures
 * reload), and the team-lead alert a poor answer raised (stored with the answer) is pushed.
 */
@Injectable()
export class SatisfactionPushesListener implements OnModuleDestroy {
  private readonly logger = new Logger('SatisfactionPushes');
  private readonly onAnswered = (answered: SurveyAnswered) => {
    try {
      const { result } = answered;
      this.realtime.toWallboard('satisfaction:answered', { interactionId: result.interactionId, agentId: answered.agentId, queueId: answered.queueId, satisfaction: result.satisfaction, poor: result.poor });
      if (answered.alert) this.alerts.raised(answered.alert);
    } catch (error) {
      this.logger.error(`live satisfaction alert failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  constructor(
    private readonly alerts: LiveAlertsService,
    private readonly realtime: RealtimeService,
    private readonly events: EventEmitter2,
  ) {
    this.events.on(SURVEY_ANSWERED, this.onAnswered);
  }

  onModuleDestroy(): void {
    this.events.off(SURVEY_ANSWERED, this.onAnswered);
  }
}
