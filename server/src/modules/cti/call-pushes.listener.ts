import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { agentRoom, WALLBOARD_ROOMS } from '../realtime';
import { RealtimeService } from '../realtime';
import { CALL_CHANGED, type CallChanged } from './cti.events';

/**
 * Calls on the live feed: each committed change goes whole (`call:update`) to the desktops of everyone on the call
 * and to the wallboard (who is on hold, consulting, in conference). An adapter only: the realtime module's
 * service does the sending.
 */
@Injectable()
export class CallPushesListener implements OnModuleDestroy {
  private readonly logger = new Logger('CallPushes');
  private readonly onChanged = (changed: CallChanged) => {
    try {
      this.realtime.toRooms([...changed.agentIds.map(agentRoom), ...WALLBOARD_ROOMS], 'call:update', { call: changed.call });
    } catch (error) {
      this.logger.error(`live call delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  constructor(
    private readonly realtime: RealtimeService,
    private readonly events: EventEmitter2,
  ) {
    this.events.on(CALL_CHANGED, this.onChanged);
  }

  onModuleDestroy(): void {
    this.events.off(CALL_CHANGED, this.onChanged);
  }
}
