import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { ChurnRepository } from './churn.repository';
import { type ChurnRiskConfig, DEFAULT_CHURN_RISK_CONFIG } from './churn-risk.config';
import { RetentionRepository } from './retention.repository';

export const CHURN_RISK_CONFIG = Symbol('CHURN_RISK_CONFIG');

/** What one run's churn step did. */
export interface ChurnStepResult {
  /** Customers showing at least one reason. */
  withReasons: number;
  /** Customers scoring at or above the at-risk score. */
  atRisk: number;
  /** Care actions opened on the worklist by this run. */
  actionsOpened: number;
}

/**
 * The value run's last step: once the run has written its cells, score every customer's churn risk and open the
 * care actions the at-risk customers need, in the run's own transaction so both appear with the run or not at all.
 */
@Injectable()
export class ChurnService {
  constructor(
    private readonly churn: ChurnRepository,
    private readonly retention: RetentionRepository,
    @Inject(CHURN_RISK_CONFIG) private readonly config: ChurnRiskConfig,
  ) {}

  async scoreRun(runId: number | string, asOf: Date, manager: EntityManager): Promise<ChurnStepResult> {
    const { withReasons, atRisk } = await this.churn.scoreRun(runId, asOf, manager, this.config);
    const actionsOpened = await this.retention.refreshWorklist(runId, this.config.atRiskScore, manager);
    return { withReasons, atRisk, actionsOpened };
  }
}

/** The churn step outside Nest (the command line, tests that build a run service by hand). */
export function churnServiceOf(dataSource: DataSource, config: ChurnRiskConfig = DEFAULT_CHURN_RISK_CONFIG): ChurnService {
  return new ChurnService(new ChurnRepository(), new RetentionRepository(dataSource), config);
}
