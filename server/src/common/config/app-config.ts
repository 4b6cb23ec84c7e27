import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

export const RUN_MODES = ['demo', 'production'] as const;
export type RunMode = (typeof RUN_MODES)[number];

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

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

  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is unset. */
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
}

export class ConfigError extends Error {}

/** Validates `env` and returns the typed configuration, or throws one ConfigError per bad variable, joined. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [...known, 'DATABASE_URL', 'CONSOLE_DIR']) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, stopAtFirstError: true });
  if (errors.length > 0) {
    const lines = errors.map((error) => Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`);
    throw new ConfigError(lines.join('; '));
  }
  return config;
}
