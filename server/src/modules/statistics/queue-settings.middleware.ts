import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { StatisticsService } from './statistics.service';

/**
 * Mounted on the routes that create or change a queue: once one succeeds, the statistics re-read queue
 * settings at once (names, targets, thresholds) instead of at their next periodic refresh.
 */
@Injectable()
export class QueueSettingsMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Statistics');

  constructor(private readonly statistics: StatisticsService) {}

  use(_request: Request, response: Response, next: NextFunction): void {
    response.on('finish', () => {
      if (response.statusCode < 400) this.statistics.maintain().catch((error) => this.logger.error(error instanceof Error ? error.message : String(error)));
    });
    next();
  }
}
