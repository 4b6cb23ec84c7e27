import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts';
import { CalendarsModule } from '../calendars';
import { InteractionsModule } from '../interactions';
import { RealtimeModule } from '../realtime';
import { RoutingModule } from '../routing';
import { SatisfactionModule } from '../satisfaction';
import { EmailController } from './email.controller';
import { EmailRepository } from './email.repository';
import { EmailService } from './email.service';
import { EmailJobs } from './jobs/email.jobs';
import { SmtpListener } from './smtp-listener';
import { SurveyInvitations } from './survey-invitations';

/**
 * E-mail as a channel, end to end: the SMTP listener, storage and threading, sorting, contacts through the
 * ingestion path, the reply promise, the outbox through SMTP_RELAY_URL and the invitation to each contact's survey.
 */
@Module({
  imports: [RoutingModule, InteractionsModule, CalendarsModule, AlertsModule, RealtimeModule, SatisfactionModule],
  controllers: [EmailController],
  providers: [EmailRepository, EmailService, EmailJobs, SmtpListener, SurveyInvitations],
  exports: [EmailService, SmtpListener],
})
export class EmailModule {}
