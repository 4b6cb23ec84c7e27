import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import { ENTITIES } from './entities';

/** Connection options shared by the application, the migration CLI and the test harness. */
export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Schema changes happen only through migrations.
    synchronize: false,
    // TCP keepalive from this side too: a connection whose server vanished fails instead of hanging.
    extra: { max: 20, application_name: 'callcentre', keepAlive: true, keepAliveInitialDelayMillis: 10_000 },
    ...overrides,
  } as DataSourceOptions;
}

export async function withDataSource<T>(url: string, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
