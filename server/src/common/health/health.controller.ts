import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { RoutingService } from '../../modules/routing/routing.service';
import { Public } from '../auth';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly routing: RoutingService,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up and answering' })
  @HealthCheck()
  alive() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers, every migration is applied and this instance routes (not a standby)' })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: 2000 }),
      () => this.migrationsApplied(),
      () => this.routerActive(),
    ]);
  }

  /** Only the instance holding the router lock serves; a standby waits to take over (see RouterLease). */
  private routerActive() {
    const session = this.indicators.check('router');
    return this.routing.active ? session.up() : session.down({ message: 'standing by: another instance routes on this database' });
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
