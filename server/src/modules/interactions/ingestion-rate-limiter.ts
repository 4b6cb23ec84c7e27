import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../common/config/config.tokens';
import type { AppConfig } from '../../common/config/app-config';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Callers not heard from for this long are forgotten, so the map holds only active feeds. */
const IDLE_FORGET_MS = 60_000;

/** Raised when one caller posts contacts faster than INGEST_RATE_LIMIT; carries when to try again. */
export class IngestionRateLimited extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      { code: 'RATE_LIMITED', message: `Too many contacts posted by this caller; try again in ${retryAfterSeconds} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * A token bucket per caller (API key or user): INGEST_RATE_LIMIT contacts a second sustained, bursts of twice
 * that. One runaway PBX or script is slowed before it floods the queues; the others keep their share.
 */
@Injectable()
export class IngestionRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perSecond: number;
  private readonly burst: number;
  private sweptAt = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.perSecond = config.INGEST_RATE_LIMIT;
    this.burst = config.INGEST_RATE_LIMIT * 2;
  }

  /** Takes one token for `callerId` or throws {@link IngestionRateLimited}. */
  admit(callerId: string, now = Date.now()): void {
    this.sweep(now);
    let bucket = this.buckets.get(callerId);
    if (!bucket) {
      bucket = { tokens: this.burst, refilledAt: now };
      this.buckets.set(callerId, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * this.perSecond);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) throw new IngestionRateLimited(Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)));
    bucket.tokens -= 1;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < IDLE_FORGET_MS) return;
    this.sweptAt = now;
    for (const [id, bucket] of this.buckets) if (now - bucket.refilledAt > IDLE_FORGET_MS) this.buckets.delete(id);
  }
}
