export { AlertBook } from './alert-book';
export { toAlertRow } from './alert-rows';
export { AlertsModule } from './alerts.module';
export { AlertsRepository } from './alerts.repository';
export { AlertsService } from './alerts.service';
export { ALERT_ACKNOWLEDGED, type AlertAcknowledged, type AlertAudience, type StoredAlert } from './alerts.types';
export { QUEUE_UNSTAFFED, unstaffedQueueAlert, unstaffedQueues, type UnstaffedQueue } from './unstaffed-queues';
