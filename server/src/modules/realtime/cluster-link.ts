import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createClient } from 'redis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';

export type RedisConnection = ReturnType<typeof createClient>;

/**
 * What names the processes of one centre in Redis: those on the same database (host, port and database name, never
 * the credentials) are one centre, so several centres, or test runs, can share a Redis.
 */
export function clusterKeyOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return createHash('sha256').update(`${url.hostname}:${url.port || '5432'}${url.pathname}`).digest('hex').slice(0, 12);
}

/**
 * The link between the server processes of one centre, when REDIS_URL is set (docs/deploy.md): one Redis connection
 * to publish on (socket.io's Redis streams adapter duplicates it for its own reads) and one to subscribe with. Unset,
 * there is no link: one process serves everything, as `npm start` runs it.
 */
@Injectable()
export class ClusterLink implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Cluster');
  /** This process among the others, in channel names and logs. */
  readonly nodeId = randomBytes(6).toString('hex');
  private publisher: RedisConnection | null = null;
  private subscriber: RedisConnection | null = null;

  /** Prefix of this centre's Redis channels and streams. */
  readonly prefix: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    dataSource: DataSource,
  ) {
    const url = (dataSource.options as { url?: string }).url;
    this.prefix = `callcentre:${url ? clusterKeyOf(url) : 'default'}:`;
  }

  /** Whether this process runs beside others (REDIS_URL set). */
  get enabled(): boolean {
    return Boolean(this.config.REDIS_URL);
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.REDIS_URL) return;
    const publisher = createClient({ url: this.config.REDIS_URL });
    // A lost connection is retried by the client; its errors are logged, not thrown at the process.
    publisher.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    const subscriber = publisher.duplicate();
    subscriber.on('error', (error: Error) => this.logger.warn(`Redis (subscriptions): ${error.message}`));
    await Promise.all([publisher.connect(), subscriber.connect()]);
    this.publisher = publisher;
    this.subscriber = subscriber;
    this.logger.log(`linked to the other server processes through Redis as ${this.nodeId}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const clients = [this.subscriber, this.publisher].filter((client): client is RedisConnection => client !== null);
    this.publisher = null;
    this.subscriber = null;
    await Promise.all(clients.map((client) => client.quit().catch(() => undefined)));
  }

  /** The connection to publish on (and for the socket.io adapter); null without REDIS_URL. */
  get connection(): RedisConnection | null {
    return this.publisher;
  }

  /** Publishes a message on a channel; resolves with how many processes listen there (0 without the link). */
  async publish(channel: string, message: string): Promise<number> {
    if (!this.publisher) return 0;
    return this.publisher.publish(this.prefix + channel, message);
  }

  /** Listens to a channel; nothing happens without the link. */
  async subscribe(channel: string, listener: (message: string) => void): Promise<void> {
    if (!this.subscriber) return;
    await this.subscriber.subscribe(this.prefix + channel, listener);
  }

  async unsubscribe(channel: string): Promise<void> {
    if (!this.subscriber) return;
    await this.subscriber.unsubscribe(this.prefix + channel);
  }
}
