export { ReportsRepository } from './reports.repository';
