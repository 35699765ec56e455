/** Token-bucket throttling per access ID, refilled by the fake's clock so it is deterministic. */
import type { components } from '../generated/control-plane.js';

/** A throttle limit: `requestsPerSecond` refill rate, `burst` bucket size. A rate of 0 turns throttling off. */
export type ThrottleLimit = components['schemas']['Throttle'];

/**
 * The outcome of taking a token, with the bucket's level before and after (null when throttling is off), which
 * the decision trace shows.
 */
export type ThrottleResult = { before: number | null; after: number | null } & (
  { ok: true } | { ok: false; retryAfterSeconds: number }
);

/** One token bucket per key (access ID). */
export interface Throttle {
  /** Takes one token for `key` at time `nowMs`. */
  take(key: string, nowMs: number): ThrottleResult;
  /** Empties all buckets' history (they refill to full). */
  reset(): void;
  /** Changes the limit; buckets keep their level, capped at the new burst. */
  setLimit(limit: ThrottleLimit): void;
  /** The limit in force. */
  limit(): ThrottleLimit;
}

/** What every take gives with throttling off (shared, frozen). */
const UNLIMITED: ThrottleResult = Object.freeze({ ok: true, before: null, after: null });

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Creates a throttle. A request spends one token; tokens come back at `requestsPerSecond`, up to `burst`.
 * @example createThrottle({ requestsPerSecond: 1, burst: 10 }).take('access-id', clock.now())
 */
export function createThrottle(initial: ThrottleLimit): Throttle {
  let limit = initial;
  const buckets = new Map<string, Bucket>();
  return {
    take(key, nowMs) {
      if (limit.requestsPerSecond <= 0) return UNLIMITED;
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        bucket = { tokens: limit.burst, at: nowMs };
        buckets.set(key, bucket);
      } else if (nowMs > bucket.at) {
        bucket.tokens = Math.min(limit.burst, bucket.tokens + ((nowMs - bucket.at) / 1000) * limit.requestsPerSecond);
        bucket.at = nowMs;
      } else if (nowMs < bucket.at) {
        // The clock was set back: refill from the new time on, or a frozen clock would never refill again.
        bucket.at = nowMs;
      }
      const before = bucket.tokens;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true, before, after: bucket.tokens };
      }
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / limit.requestsPerSecond));
      return { ok: false, retryAfterSeconds, before, after: before };
    },
    reset: () => buckets.clear(),
    setLimit(next) {
      limit = next;
      for (const bucket of buckets.values()) bucket.tokens = Math.min(bucket.tokens, next.burst);
    },
    limit: () => limit,
  };
}
