/** The fake's clock: every timestamp, expiry, throttle refill and JWT time check reads it. */
import { HttpError } from './http-error.js';

/** A clock instant or step the fake cannot keep (a bad instant, a step back, past year 9999): a 400 over HTTP. */
export class ClockError extends HttpError {
  override name = 'ClockError';
}

/** How a clock starts: following the machine's time, or at a fixed instant. */
export interface ClockOptions {
  /** A fixed start instant (ISO-8601 or epoch ms). Omitted: the machine's time. */
  start?: string | number | undefined;
  /** Frozen clocks move only when advanced or set. Defaults to true when `start` is given, else false. */
  frozen?: boolean | undefined;
}

/** A clock the fake controls: it can be read, set, advanced, frozen and unfrozen. */
export interface Clock {
  /** The current time in epoch milliseconds. */
  now(): number;
  /** Jumps to an instant (ISO-8601 or epoch ms). */
  set(instant: string | number): void;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Stops the clock where it is. */
  freeze(): void;
  /** Lets the clock run again at the machine's pace from where it stands. */
  unfreeze(): void;
  /** Whether the clock is frozen. */
  isFrozen(): boolean;
}

/**
 * The latest instant the clock may show: a code issued then (at most 7 days) still expires within year 9999, so
 * every timestamp keeps the vendor's four-digit-year form.
 */
export const MAX_INSTANT_MS = Date.UTC(9999, 11, 24);

/** Checks that an instant lies between 1970 and MAX_INSTANT_MS, or throws an actionable error. */
function checkRange(ms: number, what: string): number {
  if (ms < 0 || ms > MAX_INSTANT_MS) {
    throw new ClockError(
      `Failed to ${what}: the clock stays between 1970-01-01 and ${new Date(MAX_INSTANT_MS).toISOString()}.`,
    );
  }
  return ms;
}

/** Parses an instant given as ISO-8601 or epoch milliseconds, or throws an actionable error. */
export function parseInstant(instant: string | number): number {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) {
    throw new ClockError(
      `Failed to read the instant ${JSON.stringify(instant)}: it is neither epoch milliseconds nor an ISO-8601 date.`,
    );
  }
  return checkRange(ms, `set the clock to ${JSON.stringify(instant)}`);
}

/**
 * Creates a clock. Running clocks keep an offset from the machine's time; frozen clocks keep an instant.
 * @example const clock = createClock({ start: '2026-01-01T00:00:00.000Z' }); clock.advance(60_000);
 */
export function createClock(options: ClockOptions = {}): Clock {
  let frozen = options.frozen ?? options.start !== undefined;
  const createdAt = Date.now(); // read once: two reads could straddle a millisecond and start a frozen clock late
  let offset = options.start === undefined ? 0 : parseInstant(options.start) - createdAt;
  let frozenAt = createdAt + offset;
  const now = (): number => (frozen ? frozenAt : Date.now() + offset);
  return {
    now,
    set(instant) {
      const target = parseInstant(instant);
      if (frozen) frozenAt = target;
      else offset = target - Date.now();
    },
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new ClockError(`Failed to advance the clock by ${ms} ms: give a finite, non-negative number.`);
      }
      checkRange(now() + ms, `advance the clock by ${ms} ms`);
      if (frozen) frozenAt += ms;
      else offset += ms;
    },
    freeze() {
      if (!frozen) {
        frozenAt = now();
        frozen = true;
      }
    },
    unfreeze() {
      if (frozen) {
        offset = frozenAt - Date.now();
        frozen = false;
      }
    },
    isFrozen: () => frozen,
  };
}

const DAY_MS = 86_400_000;
/** Where toISOString's four-digit years end (its form changes to +010000-...). */
const FOUR_DIGIT_YEARS_END_MS = Date.UTC(10_000, 0, 1);
/** '00' to '99', for the fields of a time of day. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
// The last instant formatted and the day it lies in: a request formats one instant several times (a code's
// expiry, its offline expiry, the admin log's message, the trace), and most instants share the day before them.
let lastMs = Number.NaN;
let lastText = '';
let dayStartMs = Number.NaN;
let dayPrefix = '';

/**
 * Formats epoch milliseconds the way the vendor does: ISO-8601 UTC with milliseconds, as Date's toISOString gives.
 * Hand-written for an instant the clock can show, on every request's path: V8 formats a date through printf, about
 * five times the cost of this (test/unit/clock.test.ts holds the two equal); any other value goes to toISOString.
 */
export function formatTimestamp(ms: number): string {
  if (ms === lastMs) return lastText;
  if (!Number.isInteger(ms) || !(ms >= 0 && ms < FOUR_DIGIT_YEARS_END_MS)) return new Date(ms).toISOString();
  if (!(ms >= dayStartMs && ms < dayStartMs + DAY_MS)) {
    dayStartMs = ms - (ms % DAY_MS);
    dayPrefix = new Date(dayStartMs).toISOString().slice(0, 11);
  }
  const time = ms - dayStartMs;
  const millis = time % 1000;
  lastText = `${dayPrefix}${TWO_DIGITS[Math.floor(time / 3_600_000)]}:${TWO_DIGITS[Math.floor(time / 60_000) % 60]}:${TWO_DIGITS[Math.floor(time / 1000) % 60]}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  lastMs = ms;
  return lastText;
}
