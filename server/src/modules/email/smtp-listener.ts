import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { AppConfig, listenHost, smtpPort } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';
import { MimeRefusal } from './email-mime';
import { EmailService } from './email.service';

/** At most this many SMTP connections at once. */
const MAX_CLIENTS = 50;
const SOCKET_TIMEOUT_MS = 60_000;

/** An SMTP refusal: smtp-server answers with its `responseCode` and message. */
function refusal(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Messages a minute per key (a sender address, a client address), with bursts of the same size. */
export class SmtpRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one message from each key's bucket; false (and nothing taken) when any is empty. */
  admit(keys: readonly string[]): boolean {
    const now = this.now();
    const buckets = keys.map((key) => {
      const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
      bucket.at = now;
      this.buckets.set(key, bucket);
      return bucket;
    });
    if (buckets.some((bucket) => bucket.tokens < 1)) return false;
    for (const bucket of buckets) bucket.tokens -= 1;
    if (this.buckets.size > 10_000) {
      for (const [key, bucket] of this.buckets) if (bucket.tokens >= this.perMinute) this.buckets.delete(key);
    }
    return true;
  }
}

/**
 * The centre's SMTP listener (smtp-server): takes mail for the centre's addresses only, refuses at SMTP time with
 * a reply code (550 unknown recipient, 552 too big, 450 too many, 554 unreadable or dangerous), and answers 250
 * only once the message is stored. Plain SMTP without AUTH or STARTTLS: it is the centre's inbound MX, or sits
 * behind the organisation's mail gateway, which terminates TLS.
 */
@Injectable()
export class SmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SmtpListener');
  private server: SMTPServer | null = null;
  private readonly limiter: SmtpRateLimiter;

  constructor(
    private readonly email: EmailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.limiter = new SmtpRateLimiter(config.SMTP_RATE_LIMIT_PER_MINUTE);
  }

  /** The port it listens on, or null when it is off. */
  get port(): number | null {
    const address = this.server?.server.address() as AddressInfo | null | undefined;
    return address ? address.port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = smtpPort(this.config);
    if (port === null) {
      this.logger.log('SMTP listener off (SMTP_PORT unset in production, or off)');
      return;
    }
    const host = listenHost(this.config);
    const server = this.create();
    try {
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.config.MODE === 'production') throw new Error(`the SMTP listener could not listen on ${host}:${port}: ${reason}`, { cause: error });
      this.logger.error(`SMTP listener off: it could not listen on ${host}:${port} (${reason}); set SMTP_PORT to a free port`);
      return;
    }
    server.on('error', (error: Error) => this.logger.warn(`SMTP: ${error.message}`));
    this.server = server;
    this.logger.log(`SMTP listener on ${host}:${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private create(): SMTPServer {
    const maxBytes = this.config.SMTP_MAX_MESSAGE_BYTES;
    return new SMTPServer({
      banner: 'call centre mail',
      size: maxBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      // No reverse DNS of the client before the greeting: a slow resolver would stall every sender.
      disableReverseLookup: true,
      maxClients: MAX_CLIENTS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      logger: false,
      onMailFrom: (address: SMTPServerAddress, session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        const from = (address.address ?? '').toLowerCase();
        const args = address.args ? (address.args as Record<string, string>) : {};
        const declared = Number(args.SIZE ?? 0);
        if (declared > maxBytes) return callback(refusal(552, `5.3.4 Message too big: at most ${maxBytes} bytes`));
        if (!this.limiter.admit([`ip:${session.remoteAddress}`, `from:${from}`])) return callback(refusal(450, '4.7.1 Too many messages, try again later'));
        callback();
      },
      onRcptTo: (address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error | null) => void) => {
        this.email.mailboxOf(address.address).then(
          (mailbox) => callback(mailbox ? null : refusal(550, '5.1.1 No such mailbox at this centre')),
          () => callback(refusal(451, '4.3.0 Temporary failure, try again later')),
        );
      },
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxBytes) chunks.push(chunk);
        });
        stream.on('error', () => callback(refusal(451, '4.3.0 Reading the message failed')));
        stream.on('end', () => {
          if (stream.sizeExceeded || size > maxBytes) return callback(refusal(552, `5.3.4 Message too big: at most ${maxBytes} bytes`));
          const envelope = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
            remoteAddress: session.remoteAddress ?? null,
          };
          this.email.receive(Buffer.concat(chunks), envelope).then(
            (result) => callback(null, `2.0.0 Stored as ${result.messageRowId}`),
            (error: unknown) => {
              if (error instanceof MimeRefusal) return callback(refusal(error.responseCode, error.message));
              this.logger.error(`storing an incoming message failed: ${error instanceof Error ? error.message : String(error)}`);
              callback(refusal(451, '4.3.0 Temporary failure, try again later'));
            },
          );
        });
      },
    });
  }
}
