export { RealtimeModule } from './realtime.module';
export { RealtimeService } from './realtime.service';
