export { JobsModule } from './jobs.module';
export { JobsService } from './jobs.service';
export type { JobContext, JobHandler, JobOptions } from './jobs.types';
