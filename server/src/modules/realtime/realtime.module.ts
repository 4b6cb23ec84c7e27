import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AgentsModule } from '../agents';
import { AlertsModule } from '../alerts';
import { InteractionsModule } from '../interactions';
import { RoutingModule } from '../routing';
import { StatisticsModule } from '../statistics';
import { ComplaintPushesListener } from './complaint-pushes.listener';
import { LiveAlertsService } from './live-alerts.service';
import { LiveFeedService } from './live-feed.service';
import { OverrideNoticeListener } from './override-notice.listener';
import { QueueStaffingWatch } from './queue-staffing-watch.service';
import { ClusterLink } from './cluster-link';
import { DeskRelay } from './desk-relay.service';
import { RealtimeGateway } from './realtime.gateway';
import { RouterForwarding } from './router-forwarding.service';
import { RealtimeRepository } from './realtime.repository';
import { RealtimeService } from './realtime.service';
import { SatisfactionPushesListener } from './satisfaction-pushes.listener';
import { SessionChangeMiddleware, SessionWatchService } from './session-watch.service';

/**
 * Live updates over socket.io: the gateway, the feed that turns committed routing batches into snapshots and
 * deltas, the alerts on it (LiveAlertsService, which other modules hand the alerts they raised), and
 * RealtimeService, which other modules use to push their own deltas (`toUser`, `toRole`).
 */
@Module({
  imports: [RoutingModule, StatisticsModule, AgentsModule, InteractionsModule, AlertsModule],
  providers: [RealtimeService, RealtimeRepository, LiveAlertsService, LiveFeedService, SessionWatchService, SessionChangeMiddleware, RealtimeGateway, ClusterLink, RouterForwarding, DeskRelay, OverrideNoticeListener, QueueStaffingWatch, ComplaintPushesListener, SatisfactionPushesListener],
  exports: [RealtimeService, LiveAlertsService],
})
export class RealtimeModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(SessionChangeMiddleware)
      .forRoutes(
        { path: 'api/auth/logout', method: RequestMethod.POST },
        { path: 'api/auth/password', method: RequestMethod.POST },
        { path: 'api/users/:id/roles', method: RequestMethod.PATCH },
      );
  }
}
