import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';
import { IsNotCommonPassword } from '../auth/password.policy';

export const RUN_MODES = ['demo', 'production'] as const;
export type RunMode = (typeof RUN_MODES)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

/** Whether the platform knows `value` as an IANA time zone (full ICU in Node 20). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The server's own time zone, or UTC when the platform cannot name it. */
function serverTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : 'UTC';
}

/** An IPv4 or IPv6 address, or a host name of letters, digits, dots and dashes. */
function isListenHost(value: unknown): boolean {
  return typeof value === 'string' && (isIP(value) !== 0 || /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(value));
}

const IsTimeZone = (message: string) => ValidateBy({ name: 'isTimeZone', validator: { validate: isTimeZone, defaultMessage: () => message } });

/**
 * Every setting the server reads from the environment, validated once at start.
 * A bad value stops the server with one line naming the variable and what is wrong.
 */
export class AppConfig {
  @Transform(toInt)
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  @IsInt({ message: 'PORT must be a whole number' })
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /**
   * Address the HTTP server listens on. Unset: 127.0.0.1 in demo mode, whose accounts have well-known passwords;
   * production must name it (0.0.0.0 for every interface), see listenHost().
   */
  @IsOptional()
  @ValidateBy({ name: 'isListenHost', validator: { validate: isListenHost, defaultMessage: () => 'HOST must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0' } })
  HOST?: string;

  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is unset; a relative path is taken from the repository root. */
  @IsString()
  DATA_DIR = '.data';

  @IsIn(RUN_MODES, { message: `MODE must be one of: ${RUN_MODES.join(', ')}` })
  MODE: RunMode = 'demo';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL = 'info';

  /** Seed the demo call centre into an empty database (default in demo mode). */
  @IsIn(['true', 'false'], { message: 'SEED_DEMO must be true or false' })
  SEED_DEMO = 'true';

  /** Folder with the built console; served at / when present. */
  @IsOptional()
  @IsString()
  CONSOLE_DIR?: string;

  /** Comma-separated origins allowed by CORS and the socket.io origin check (same origin is always allowed). */
  @IsString()
  CORS_ORIGINS = '';

  /** IANA time zone of the centre: "since midnight" statistics start at its local midnight (default: the server's zone, else UTC). */
  @IsTimeZone('CENTRE_TIME_ZONE must be an IANA time zone such as Asia/Shanghai or UTC')
  CENTRE_TIME_ZONE = serverTimeZone();

  /**
   * ISO country of the centre (GB, CN, HK...): a caller's national number ("07700 900001") is read as one of its
   * numbers. Demo mode defaults to DEMO_PHONE_REGION, the country of the demo centre's customers.
   */
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIn(getCountries(), { message: 'CENTRE_PHONE_REGION must be a two-letter ISO country code such as GB, CN or HK' })
  CENTRE_PHONE_REGION?: CountryCode;

  /**
   * A request must have arrived whole (headers and body) this long after it started, or it is answered 408 and its
   * connection closed: a client sending a few bytes at a time cannot hold the server's connections. A CSV file
   * uploaded into an import (`POST /api/crm/imports`) has no such limit, as a large file over a slow link may take
   * longer; it is cut once it sends nothing for a while instead (see CRM_UPLOAD_IDLE_MS).
   */
  @Transform(toInt)
  @Min(1, { message: 'REQUEST_TIMEOUT_SECONDS must be between 1 and 3600' })
  @Max(3600, { message: 'REQUEST_TIMEOUT_SECONDS must be between 1 and 3600' })
  @IsInt({ message: 'REQUEST_TIMEOUT_SECONDS must be a whole number' })
  REQUEST_TIMEOUT_SECONDS = 300;

  /**
   * A desktop silent this long counts as disconnected: its offer is re-routed, its contacts flagged. Desktops
   * heartbeat every third of it (2 s by default). Keep it well below the queues' offer timeout (15 s by default),
   * or a closed desktop's offer expires as missed before the disconnect is seen.
   */
  @Transform(toInt)
  @Min(2, { message: 'HEARTBEAT_TIMEOUT_SECONDS must be between 2 and 600' })
  @Max(600, { message: 'HEARTBEAT_TIMEOUT_SECONDS must be between 2 and 600' })
  @IsInt({ message: 'HEARTBEAT_TIMEOUT_SECONDS must be a whole number' })
  HEARTBEAT_TIMEOUT_SECONDS = 6;

  /**
   * A desktop whose last socket closed (tab closed, signed out) counts as disconnected after this long unless it
   * connects again (a page reload); never longer than HEARTBEAT_TIMEOUT_SECONDS.
   */
  @Transform(toInt)
  @Min(0, { message: 'RECONNECT_WINDOW_SECONDS must be between 0 and 600' })
  @Max(600, { message: 'RECONNECT_WINDOW_SECONDS must be between 0 and 600' })
  @IsInt({ message: 'RECONNECT_WINDOW_SECONDS must be a whole number' })
  RECONNECT_WINDOW_SECONDS = 2;

  /**
   * When the routing instance's host or network vanishes, PostgreSQL notices within about this long (TCP
   * keepalive and user timeout on the router lock's session) and frees the lock, so a standby takes over.
   */
  @Transform(toInt)
  @Min(5, { message: 'ROUTER_LOCK_TIMEOUT_SECONDS must be between 5 and 3600' })
  @Max(3600, { message: 'ROUTER_LOCK_TIMEOUT_SECONDS must be between 5 and 3600' })
  @IsInt({ message: 'ROUTER_LOCK_TIMEOUT_SECONDS must be a whole number' })
  ROUTER_LOCK_TIMEOUT_SECONDS = 30;

  /** How often the complaint deadline scheduler looks for deadlines that became due soon or breached. */
  @Transform(toInt)
  @Min(1, { message: 'COMPLAINT_DEADLINE_SCAN_SECONDS must be between 1 and 300' })
  @Max(300, { message: 'COMPLAINT_DEADLINE_SCAN_SECONDS must be between 1 and 300' })
  @IsInt({ message: 'COMPLAINT_DEADLINE_SCAN_SECONDS must be a whole number' })
  COMPLAINT_DEADLINE_SCAN_SECONDS = 5;

  /** Lifetime of an access token (bearer or the `cc_session` cookie). */
  @Transform(toInt)
  @Min(1, { message: 'ACCESS_TOKEN_TTL_SECONDS must be between 1 and 86400' })
  @Max(86400, { message: 'ACCESS_TOKEN_TTL_SECONDS must be between 1 and 86400' })
  @IsInt({ message: 'ACCESS_TOKEN_TTL_SECONDS must be a whole number' })
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** Lifetime of a sign-in: its refresh token can renew access tokens until then (default: a 12-hour shift). */
  @Transform(toInt)
  @Min(1, { message: 'SESSION_TTL_SECONDS must be between 1 and 2592000' })
  @Max(2592000, { message: 'SESSION_TTL_SECONDS must be between 1 and 2592000' })
  @IsInt({ message: 'SESSION_TTL_SECONDS must be a whole number' })
  SESSION_TTL_SECONDS = 43200;

  /** Consecutive failed sign-ins that lock an account. */
  @Transform(toInt)
  @Min(1, { message: 'LOGIN_MAX_FAILURES must be between 1 and 100' })
  @Max(100, { message: 'LOGIN_MAX_FAILURES must be between 1 and 100' })
  @IsInt({ message: 'LOGIN_MAX_FAILURES must be a whole number' })
  LOGIN_MAX_FAILURES = 5;

  /** How long a locked account stays locked. */
  @Transform(toInt)
  @Min(1, { message: 'LOGIN_LOCK_SECONDS must be between 1 and 86400' })
  @Max(86400, { message: 'LOGIN_LOCK_SECONDS must be between 1 and 86400' })
  @IsInt({ message: 'LOGIN_LOCK_SECONDS must be a whole number' })
  LOGIN_LOCK_SECONDS = 900;

  /** Sign-in and refresh attempts per minute from one client address. */
  @Transform(toInt)
  @Min(1, { message: 'LOGIN_RATE_LIMIT must be between 1 and 10000' })
  @Max(10000, { message: 'LOGIN_RATE_LIMIT must be between 1 and 10000' })
  @IsInt({ message: 'LOGIN_RATE_LIMIT must be a whole number' })
  LOGIN_RATE_LIMIT = 10;

  /** Contacts a second one caller (an API key or a user) may post to the ingestion API, with bursts of twice that. */
  @Transform(toInt)
  @Min(1, { message: 'INGEST_RATE_LIMIT must be between 1 and 100000' })
  @Max(100000, { message: 'INGEST_RATE_LIMIT must be between 1 and 100000' })
  @IsInt({ message: 'INGEST_RATE_LIMIT must be a whole number' })
  INGEST_RATE_LIMIT = 1000;

  /**
   * Whether this process runs the durable job worker (value runs, override expiries, the nightly schedule). `off`
   * for a process that should only enqueue jobs for another process to run; jobs wait in the database meanwhile.
   */
  @IsIn(['on', 'off'], { message: 'JOBS_WORKER must be on or off' })
  JOBS_WORKER: 'on' | 'off' = 'on';

  /**
   * Redis for running several server processes on one database (docs/deploy.md): socket.io's Redis streams adapter
   * links their sockets, and a process that does not route hands the work that needs the router to the one that
   * does. Unset: one process, no Redis.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /**
   * Where call commands (hold, consult, transfer...) are POSTed to the PBX's adapter (see docs/cti.md). Unset: no
   * PBX is connected and the product confirms its own commands at once (the desktop still shows every step).
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'CTI_COMMAND_URL must be an http:// or https:// URL' })
  CTI_COMMAND_URL?: string;

  /** Signs the commands sent to the PBX and checks the telephony events it sends (HMAC-SHA256, docs/cti.md). */
  @IsOptional()
  @MinLength(16, { message: 'CTI_SHARED_SECRET must be at least 16 characters' })
  CTI_SHARED_SECRET?: string;

  /** Seconds the PBX has to confirm or refuse a call command; after that the command failed and the call is as it was. */
  @Transform(toInt)
  @Min(1, { message: 'CTI_COMMAND_TIMEOUT_SECONDS must be between 1 and 120' })
  @Max(120, { message: 'CTI_COMMAND_TIMEOUT_SECONDS must be between 1 and 120' })
  @IsInt({ message: 'CTI_COMMAND_TIMEOUT_SECONDS must be a whole number' })
  CTI_COMMAND_TIMEOUT_SECONDS = 8;

  /** Local time (HH:MM, in CENTRE_TIME_ZONE) of the nightly customer value run. */
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'CUSTOMER_VALUE_NIGHTLY_AT must be a time of day as HH:MM, such as 02:30' })
  CUSTOMER_VALUE_NIGHTLY_AT = '02:30';

  /** Days of purchases a value run looks at, up to its moment (see docs/customer-value.md). */
  @Transform(toInt)
  @Min(1, { message: 'CUSTOMER_VALUE_PERIOD_DAYS must be between 1 and 3650' })
  @Max(3650, { message: 'CUSTOMER_VALUE_PERIOD_DAYS must be between 1 and 3650' })
  @IsInt({ message: 'CUSTOMER_VALUE_PERIOD_DAYS must be a whole number' })
  CUSTOMER_VALUE_PERIOD_DAYS = 365;

  /** Pyramid cut points: the shares of all customers, ranked by value, that end the important, secondary and ordinary tiers. */
  @Matches(/^\s*(0(\.\d+)?|1(\.0+)?)\s*,\s*(0(\.\d+)?|1(\.0+)?)\s*,\s*(0(\.\d+)?|1(\.0+)?)\s*$/, {
    message: 'CUSTOMER_VALUE_PYRAMID_CUTS must be three shares between 0 and 1, such as 0.01,0.2,0.5',
  })
  CUSTOMER_VALUE_PYRAMID_CUTS = '0.01,0.2,0.5';

  /** PostgreSQL work_mem of a value run's transaction: enough to aggregate and sort a million customers in memory. */
  @Matches(/^\d+(kB|MB|GB)$/, { message: 'CUSTOMER_VALUE_WORK_MEM must be a PostgreSQL memory size such as 256MB' })
  CUSTOMER_VALUE_WORK_MEM = '256MB';

  /**
   * A survey answer whose satisfaction (experience − expectation, −4..+4) is this or lower is poor: it raises an
   * alert to the agent's team lead and counts in the customer's churn risk.
   */
  @Transform(toInt)
  @Min(-4, { message: 'SATISFACTION_POOR_SCORE must be between -4 and 4' })
  @Max(4, { message: 'SATISFACTION_POOR_SCORE must be between -4 and 4' })
  @IsInt({ message: 'SATISFACTION_POOR_SCORE must be a whole number' })
  SATISFACTION_POOR_SCORE = -2;

  /** How long a survey (its link, or the PBX's keypad answers) can be answered after the contact ended. */
  @Transform(toInt)
  @Min(1, { message: 'SURVEY_TTL_HOURS must be between 1 and 720' })
  @Max(720, { message: 'SURVEY_TTL_HOURS must be between 1 and 720' })
  @IsInt({ message: 'SURVEY_TTL_HOURS must be a whole number' })
  SURVEY_TTL_HOURS = 72;

  /** Code of the queue that chats started from the customer chat page (/chat/) join. */
  @Matches(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'CHAT_QUEUE must be a queue code such as general' })
  CHAT_QUEUE = 'general';

  /**
   * Seconds a chat waits for its customer after their page closed or lost its connection (a reload or a
   * network blip comes back within it); then the customer has left and the chat ends.
   */
  @Transform(toInt)
  @Min(5, { message: 'CHAT_LEAVE_GRACE_SECONDS must be between 5 and 3600' })
  @Max(3600, { message: 'CHAT_LEAVE_GRACE_SECONDS must be between 5 and 3600' })
  @IsInt({ message: 'CHAT_LEAVE_GRACE_SECONDS must be a whole number' })
  CHAT_LEAVE_GRACE_SECONDS = 90;

  /**
   * Port of the SMTP listener that takes the centre's incoming mail, or `off`. Unset: 2525 in demo mode, off in
   * production (receiving mail from the network is a decision someone writes down). Listens on HOST like the API.
   */
  @IsOptional()
  @Matches(/^(off|\d{1,5})$/, { message: 'SMTP_PORT must be a port number (0 to 65535) or off' })
  SMTP_PORT?: string;

  /** Largest incoming message accepted, in bytes (attachments included); a bigger one is refused at SMTP time (552). */
  @Transform(toInt)
  @Min(1024, { message: 'SMTP_MAX_MESSAGE_BYTES must be between 1024 and 104857600' })
  @Max(104857600, { message: 'SMTP_MAX_MESSAGE_BYTES must be between 1024 and 104857600' })
  @IsInt({ message: 'SMTP_MAX_MESSAGE_BYTES must be a whole number' })
  SMTP_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

  /** Messages a minute accepted from one sender address, and from one client address; more are deferred (450). */
  @Transform(toInt)
  @Min(1, { message: 'SMTP_RATE_LIMIT_PER_MINUTE must be between 1 and 100000' })
  @Max(100000, { message: 'SMTP_RATE_LIMIT_PER_MINUTE must be between 1 and 100000' })
  @IsInt({ message: 'SMTP_RATE_LIMIT_PER_MINUTE must be a whole number' })
  SMTP_RATE_LIMIT_PER_MINUTE = 30;

  /**
   * Where agents' replies leave: an smtp:// or smtps:// URL (user and password in it when the relay wants them).
   * Unset: replies are kept with the contact and shown as not sent.
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_RELAY_URL must be an smtp:// or smtps:// URL' })
  SMTP_RELAY_URL?: string;

  /**
   * Where customers reach this server from outside (http:// or https://, the balancer's public address): links
   * in e-mails, such as the survey invitation, start with it. Unset: survey invitations by e-mail are kept with
   * the contact and shown as not sent.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http:// or https:// URL' })
  PUBLIC_URL?: string;

  /** With ADMIN_PASSWORD: the administrator created at start when no administrator exists. */
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'ADMIN_USERNAME must be 2 to 64 lowercase letters, digits, dots, dashes or underscores' })
  ADMIN_USERNAME = 'admin';

  /** Password of the administrator created at start when no administrator exists (unset: none is created). */
  @IsNotCommonPassword()
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;
}

export class ConfigError extends Error {}

/** Validates `env` and returns the typed configuration, or throws one ConfigError per bad variable, joined. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL', 'CONSOLE_DIR', 'ADMIN_PASSWORD', 'CENTRE_PHONE_REGION', 'HOST', 'SMTP_PORT', 'SMTP_RELAY_URL', 'REDIS_URL', 'PUBLIC_URL']) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, stopAtFirstError: true });
  if (errors.length > 0) {
    const lines = errors.map((error) => Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`);
    throw new ConfigError(lines.join('; '));
  }
  if (config.MODE === 'demo') config.CENTRE_PHONE_REGION ??= DEMO_PHONE_REGION;
  return config;
}

/** The demo centre's customers have UK numbers (+44 7700 9xxxxx), so demo mode reads "07700 900001" as British. */
export const DEMO_PHONE_REGION: CountryCode = 'GB';

/** Where demo mode listens unless HOST says otherwise: this machine only. */
export const DEMO_HOST = '127.0.0.1';

/**
 * The address to listen on: HOST, or 127.0.0.1 in demo mode. Production has no default, so opening the server to
 * the network is always a decision someone wrote down.
 */
export function listenHost(config: AppConfig): string {
  if (config.HOST) return config.HOST;
  if (config.MODE === 'production') throw new ConfigError('HOST must be set in production: the address to listen on, such as 0.0.0.0 (every interface) or 127.0.0.1');
  return DEMO_HOST;
}

/** The demo centre's SMTP port when SMTP_PORT is unset. */
export const DEMO_SMTP_PORT = 2525;

/** Port of the SMTP listener: SMTP_PORT, 2525 in demo mode when unset, none in production when unset or `off`. */
export function smtpPort(config: AppConfig): number | null {
  if (config.SMTP_PORT === 'off') return null;
  if (config.SMTP_PORT !== undefined) {
    const port = Number(config.SMTP_PORT);
    if (port > 65535) throw new ConfigError('SMTP_PORT must be a port number (0 to 65535) or off');
    return port;
  }
  return config.MODE === 'demo' ? DEMO_SMTP_PORT : null;
}
