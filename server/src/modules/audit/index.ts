export { AuditModule } from './audit.module';
export { AuditService, auditRow } from './audit.service';
export type { AuditActor, AuditEntry, AuditEvent, AuditPage } from './audit.types';
export { AuditRepository, type NewAuditRow } from './audit.repository';
