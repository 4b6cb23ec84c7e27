import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerStorageService } from '@nestjs/throttler';
import { AppConfig } from '../../common/config/app-config';
import { APP_CONFIG } from '../../common/config/config.tokens';

/** In-memory hit counters of sign-in and refresh attempts, per client address and route. */
export const LOGIN_THROTTLE_STORAGE = Symbol('LOGIN_THROTTLE_STORAGE');

/**
 * Slows sign-in guessing from one address: LOGIN_RATE_LIMIT attempts a minute, then 429 with
 * Retry-After. Applied with `@UseGuards` to the sign-in and refresh routes only (ingestion traffic
 * is not throttled); the per-account lockout covers guessing spread over many addresses.
 */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(LOGIN_THROTTLE_STORAGE) storage: ThrottlerStorageService, reflector: Reflector) {
    super(
      { throttlers: [{ name: 'default', ttl: 60_000, limit: config.LOGIN_RATE_LIMIT }], errorMessage: 'Too many sign-in attempts from this address; wait a minute' },
      storage,
      reflector,
    );
  }
}
