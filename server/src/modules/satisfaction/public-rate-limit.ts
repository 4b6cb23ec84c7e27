import { DomainError } from '../../common/http/domain-error';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

const IDLE_FORGET_MS = 10 * 60_000;

/**
 * A token bucket per key (a client address, a chat): for routes open to anyone (the survey page, the customer chat
 * page), where no account bounds what one client may send. `perMinute` sustained, bursts of `burst`.
 */
export class PublicRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt = 0;

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly code = 'RATE_LIMITED',
  ) {}

  /** Whether `key` may act now; takes a token when it may. */
  tryTake(key: string, now = Date.now()): boolean {
    this.sweep(now);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, refilledAt: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.refilledAt) / 60_000) * this.perMinute);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Takes a token for `key` or throws a 429 with this limiter's code. */
  take(key: string, now = Date.now()): void {
    if (!this.tryTake(key, now)) throw new DomainError(this.code, 'Too many requests; wait a moment and try again', 429);
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < IDLE_FORGET_MS) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) if (now - bucket.refilledAt > IDLE_FORGET_MS) this.buckets.delete(key);
  }
}
