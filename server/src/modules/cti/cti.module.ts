import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime';
import { RoutingModule } from '../routing';
import { CallPushesListener } from './call-pushes.listener';
import { CtiCommandSender } from './cti-command-sender';
import { CallsController, TelephonyEventsController } from './cti.controller';
import { CtiRepository } from './cti.repository';
import { CtiService } from './cti.service';

/** The call workspace through the CTI boundary (docs/cti.md). */
@Module({
  imports: [RoutingModule, RealtimeModule],
  controllers: [CallsController, TelephonyEventsController],
  providers: [CtiService, CtiRepository, CtiCommandSender, CallPushesListener],
  exports: [CtiService],
})
export class CtiModule {}
