import { Injectable } from '@nestjs/common';
import { type ValueRunView } from '@callcentre/shared';
import type { AuthenticatedPrincipal } from '../../common/auth';
import { JobsService } from '../../common/jobs';
import { AuditService } from '../audit';
import { customerValueErrors } from './customer-value.errors';
import { CustomerValueRepository } from './customer-value.repository';
import { RECOMPUTE_JOB, recomputeJobKey, RUN_QUEUE } from './jobs/customer-value.jobs';
import { toRunView, ValueRunService, type RecomputePayload } from './value-runs.service';

/** Value runs on demand and their records. */
@Injectable()
export class CustomerValueService {
  constructor(
    private readonly repository: CustomerValueRepository,
    private readonly runs: ValueRunService,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records a run and queues it, in one transaction with its audit entry; answers with the run (status running:
   * queued or computing). Refused while another run is pending or running.
   */
  async requestRun(asOfText: string | undefined, caller: AuthenticatedPrincipal): Promise<ValueRunView> {
    const asOf = this.runs.asOfOf(asOfText);
    await this.runs.failInterruptedRuns();
    const requestedBy = caller.kind === 'user' ? caller.id : null;
    const row = await this.repository.inTransaction(async (manager) => {
      const created = await this.repository.createRun(asOf, this.runs.parametersOf('on_demand', requestedBy), requestedBy, manager);
      if (!created) return null;
      const payload: RecomputePayload = { runId: Number(created.id), asOf: asOf.toISOString(), requestedBy, trigger: 'on_demand' };
      await this.jobs.enqueue(RECOMPUTE_JOB, payload, { queueName: RUN_QUEUE, maxAttempts: 1, jobKey: recomputeJobKey(created.id) }, manager);
      await this.audit.record(
        { actor: caller, action: 'customer_value.recompute_requested', target: { type: 'customer_value_run', id: created.id }, details: { asOf: asOf.toISOString() } },
        manager,
      );
      return created;
    });
    if (!row) {
      const running = await this.repository.findRunning();
      throw customerValueErrors.runInProgress(running?.id ?? 'unknown');
    }
    return toRunView(row);
  }

  async listRuns(limit: number, before: number | undefined): Promise<ValueRunView[]> {
    return (await this.repository.listRuns(limit, before === undefined ? null : String(before))).map(toRunView);
  }

  async getRun(id: string): Promise<ValueRunView> {
    const row = /^\d{1,18}$/.test(id) ? await this.repository.findRun(id) : null;
    if (!row) throw customerValueErrors.runNotFound(id);
    return toRunView(row);
  }
}
