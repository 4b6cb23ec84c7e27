import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { StoredAlert } from '../alerts';
import { LiveAlertsService } from '../realtime';
import { KPI_ALERT_RAISED } from './kpi-bands.service';

/** KPI alerts on the live feed: a stored alert goes to the live alerts, which list it in snapshots and push it. */
@Injectable()
export class KpiAlertPushesListener implements OnModuleDestroy {
  private readonly logger = new Logger('KpiAlertPushes');
  private readonly onAlert = (stored: StoredAlert) => {
    try {
      this.alerts.raised(stored);
    } catch (error) {
      this.logger.error(`live KPI alert delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  constructor(
    private readonly alerts: LiveAlertsService,
    private readonly events: EventEmitter2,
  ) {
    this.events.on(KPI_ALERT_RAISED, this.onAlert);
  }

  onModuleDestroy(): void {
    this.events.off(KPI_ALERT_RAISED, this.onAlert);
  }
}
