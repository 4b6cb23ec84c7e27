import { CallCentreConfiguration1764000000000 } from './1764000000000-call-centre-configuration';
import { Identity1764000001000 } from './1764000001000-identity';
import { Routing1764000002000 } from './1764000002000-routing';
import { Complaints1764000003000 } from './1764000003000-complaints';
import { WrapUpNotes1764000004000 } from './1764000004000-wrap-up-notes';
import { CustomerPhoneDigits1764000005000 } from './1764000005000-customer-phone-digits';
import { Alerts1764000006000 } from './1764000006000-alerts';
import { WrapUpDrafts1764000007500 } from './1764000007500-wrap-up-drafts';
import { SignInAttempts1764000009000 } from './1764000009000-sign-in-attempts';
import { UnroutedWaitingIndex1764000010000 } from './1764000010000-unrouted-waiting-index';
import { CustomerValue1764000011000 } from './1764000011000-customer-value';
import { CustomerValueRuns1764000013000 } from './1764000013000-customer-value-runs';
import { CustomerValueRunScale1764000013100 } from './1764000013100-customer-value-run-scale';
import { CustomersRoomForValueRuns1764000013200 } from './1764000013200-customers-room-for-value-runs';
import { PurchasesWithoutCustomerCheck1764000015000 } from './1764000015000-purchases-without-customer-check';
import { ValueHistoryWithoutRunCheck1764000015100 } from './1764000015100-value-history-without-run-check';
import { Email1764000020000 } from './1764000020000-email';
import { EmailHeaders1764000020100 } from './1764000020100-email-headers';
import { SatisfactionAndChat1764000021000 } from './1764000021000-satisfaction-and-chat';
import { Calls1764000022000 } from './1764000022000-calls';
import { AgentStateDayIndex1764000023000 } from './1764000023000-agent-state-day-index';
import { Reports1764000024000 } from './1764000024000-reports';
import { ReportSatisfactionAndEmail1764000024100 } from './1764000024100-report-satisfaction-and-email';
import { Teams1764000025100 } from './1764000025100-teams';
import { AgentShifts1764000025110 } from './1764000025110-agent-shifts';
import { ReportHours1764000025200 } from './1764000025200-report-hours';

/** Every migration, oldest first. The server and the test harness apply exactly this list. */
export const MIGRATIONS = [CallCentreConfiguration1764000000000, Identity1764000001000, Routing1764000002000, Complaints1764000003000, WrapUpNotes1764000004000, CustomerPhoneDigits1764000005000, Alerts1764000006000, WrapUpDrafts1764000007500, SignInAttempts1764000009000, UnroutedWaitingIndex1764000010000, CustomerValue1764000011000, CustomerValueRuns1764000013000, CustomerValueRunScale1764000013100, CustomersRoomForValueRuns1764000013200, PurchasesWithoutCustomerCheck1764000015000, ValueHistoryWithoutRunCheck1764000015100, Email1764000020000, EmailHeaders1764000020100, SatisfactionAndChat1764000021000, Calls1764000022000, AgentStateDayIndex1764000023000, Reports1764000024000, ReportSatisfactionAndEmail1764000024100, Teams1764000025100, AgentShifts1764000025110, ReportHours1764000025200];
