import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { RouterState, RoutingService } from '../../modules/routing/routing.service';
import { Public } from '../auth';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';

const ROUTER_DOWN: Record<RouterState, string> = {
  active: 'routing',
  recovering: 'rebuilding routing from the database',
  standby: 'standing by: another instance routes on this database',
  unavailable: 'the database cannot be reached',
};

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  private readonly logger = new Logger('Readiness');
  private lastReadiness: string | null = null;
  /** With REDIS_URL, a process that stands by serves too: it relays consoles and hands work to the one that routes. */
  private readonly servesOnStandby: boolean;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly routing: RoutingService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.servesOnStandby = Boolean(config.REDIS_URL);
  }

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up and answering' })
  @HealthCheck()
  alive() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the database answers, every migration is applied and this instance routes (not a standby), or, with REDIS_URL, stands by and serves through the one that routes',
  })
  @HealthCheck()
  async ready() {
    try {
      const report = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.migrationsApplied(),
        () => this.routerActive(),
      ]);
      // Routing may have stopped while the database answered: an instance that no longer routes is never ready.
      if (!this.serves()) throw this.notRouting();
      this.noteReadiness('ready');
      return report;
    } catch (error) {
      const report = error instanceof ServiceUnavailableException ? (error.getResponse() as { error?: Record<string, { message?: string }> }) : null;
      const down = Object.entries(report?.error ?? {}).map(([check, result]) => `${check}: ${result.message ?? 'down'}`);
      this.noteReadiness(`not ready (${down.join('; ') || 'unknown'})`);
      throw error;
    }
  }

  /** Logged once per change, at info: a load balancer probes often, and a standby is not ready by design. */
  private noteReadiness(readiness: string): void {
    if (readiness === this.lastReadiness) return;
    this.lastReadiness = readiness;
    this.logger.log(`readiness: ${readiness}`);
  }

  private notRouting(): ServiceUnavailableException {
    const router = { status: 'down', message: ROUTER_DOWN[this.routing.routerState] };
    return new ServiceUnavailableException({ status: 'error', info: {}, error: { router }, details: { router } });
  }

  /**
   * Only the instance holding the router lock serves; a standby waits to take over (see RouterLease). With REDIS_URL a
   * standby serves as well, through the instance that routes (docs/deploy.md).
   */
  private serves(): boolean {
    return this.routing.active || (this.servesOnStandby && this.routing.routerState === 'standby');
  }

  private routerActive() {
    const session = this.indicators.check('router');
    if (this.routing.active) return session.up();
    if (this.serves()) return session.up({ message: 'standing by: serves through the instance that routes' });
    return session.down({ message: ROUTER_DOWN[this.routing.routerState] });
  }

  private async migrationsApplied() {
    const session = this.indicators.check('migrations');
    try {
      const pending = await this.dataSource.showMigrations();
      return pending
        ? session.down({ message: 'migrations are pending' })
        : session.up({ applied: this.dataSource.migrations.length });
    } catch {
      return session.down({ message: 'migration table unreadable' });
    }
  }
}
