import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed CTI message (both directions, see docs/cti.md). */
export const CTI_TIMESTAMP_HEADER = 'x-cti-timestamp';
export const CTI_SIGNATURE_HEADER = 'x-cti-signature';
/** A signed message older or newer than this (seconds) is refused: a recorded request cannot be replayed later. */
export const CTI_SIGNATURE_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<raw body>"); the timestamp is Unix seconds. */
export function signCtiMessage(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Whether the signature is the body's, made with the secret, at a time within the tolerance of `nowMs`. */
export function verifyCtiMessage(secret: string, timestamp: string | undefined, body: string, signature: string | undefined, nowMs: number): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > CTI_SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signCtiMessage(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
