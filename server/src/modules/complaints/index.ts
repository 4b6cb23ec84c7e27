export { ComplaintsModule } from './complaints.module';
export { ComplaintsService } from './complaints.service';
export { COMPLAINT_ALERT, COMPLAINT_CHANGED, type ComplaintAlertRaised, type ComplaintAudience, type ComplaintChanged } from './complaints.types';
export { clockEventsAdded, complaintNumber, deadlineColumns, eventPayload, yearIn, type ClockEntry } from './complaint-records';
export { ComplaintsRepository, type HistoryRow } from './complaints.repository';
