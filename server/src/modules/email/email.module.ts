import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { CalendarsModule } from '../calendars/calendars.module';
import { InteractionsModule } from '../interactions/interactions.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { RoutingModule } from '../routing/routing.module';
import { EmailController } from './email.controller';
import { EmailRepository } from './email.repository';
import { EmailService } from './email.service';
import { EmailJobs } from './jobs/email.jobs';
import { SmtpListener } from './smtp-listener';

/**
 * E-mail as a channel, end to end: the SMTP listener, storage and threading, sorting, contacts through the
 * ingestion path, the reply promise and the outbox through SMTP_RELAY_URL.
 */
@Module({
  imports: [RoutingModule, InteractionsModule, CalendarsModule, AlertsModule, RealtimeModule],
  controllers: [EmailController],
  providers: [EmailRepository, EmailService, EmailJobs, SmtpListener],
  exports: [EmailService, SmtpListener],
})
export class EmailModule {}
