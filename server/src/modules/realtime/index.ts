export { RealtimeModule } from './realtime.module';
export { RealtimeService } from './realtime.service';
export { LiveAlertsService } from './live-alerts.service';
export { WALLBOARD_ROOMS, agentRoom } from './realtime.rooms';
