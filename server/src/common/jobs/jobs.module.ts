import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobsRepository } from './jobs.repository';
import { JOBS_DATABASE_URL, JobsService } from './jobs.service';

/** Global: a module injects JobsService to register its tasks and enqueue jobs. */
@Global()
@Module({})
export class JobsModule {
  static register(databaseUrl: string): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_DATABASE_URL, useValue: databaseUrl }, JobsRepository, JobsService],
      exports: [JobsService],
    };
  }
}
