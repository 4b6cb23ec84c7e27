import { Injectable } from '@nestjs/common';

/**
 * The complaints module's clock: every event time, deadline evaluation and scheduler scan asks it, never
 * `Date.now()` directly, so deadlines can be exercised at any instant.
 */
@Injectable()
export class ComplaintsClock {
  now(): Date {
    return new Date();
  }
}
