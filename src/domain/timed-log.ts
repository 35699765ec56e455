/** A log of timed entries bounded in bytes (the oldest recorded go first), read by time window and zero-based page. */
import { utf8Length } from '../core/utf8-length.js';

/** Entries after `after` and on or before `until` (epoch ms), as the log exports ask. */
export interface TimeWindow {
  after: number;
  until: number;
}

/** One page of a window, with the counts the vendor's paged bodies carry. */
export interface LogPage<T> {
  totalPages: number;
  totalElements: number;
  items: T[];
}

/** Cuts one zero-based page out of entries already in order; a page past the last has no items. */
export function pageOf<T>(all: readonly T[], pageNumber: number, pageSize: number): LogPage<T> {
  const start = pageNumber * pageSize;
  return {
    totalPages: Math.ceil(all.length / pageSize),
    totalElements: all.length,
    items: start < all.length ? all.slice(start, start + pageSize) : [],
  };
}

/**
 * Timed entries in the order they were recorded, at most `maxBytes` of their JSON. Reading a window scans the log,
 * which the byte bound keeps small; times need not be in order (the clock can be set back, events added with a
 * time of their own), so a window is sorted by time, ties in recording order.
 *
 * Kept in columns (the values, and beside them their times, byte counts and tags in arrays of numbers) rather than an
 * object per entry: an admin log holds thousands of entries, one more per request that changes something, and each
 * object (and each time, boxed as a number of its own in an object) is one more for the garbage collector to copy
 * while the entry is young. Columns of numbers are kept unboxed.
 */
export class TimedLog<T> {
  readonly #maxBytes: number;
  /** Entries from `#start` on are live; those before it were dropped (see push). */
  #values: T[] = [];
  #times: number[] = [];
  #sizes: number[] = [];
  #tags: number[] = [];
  #start = 0;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Drops the dropped part of the columns (the entries before `#start`). */
  #compact(): void {
    if (this.#start === 0) return;
    this.#values = this.#values.slice(this.#start);
    this.#times = this.#times.slice(this.#start);
    this.#sizes = this.#sizes.slice(this.#start);
    this.#tags = this.#tags.slice(this.#start);
    this.#start = 0;
  }

  /**
   * Appends an entry, then drops the oldest recorded until the log fits its bound again. `bytes` is what the entry
   * counts against the bound: by default the UTF-8 bytes of its JSON, or what a caller that keeps a smaller form
   * computes for it without serializing. `tag` is a number the log keeps with it for the caller (an entry's number).
   */
  push(timeMs: number, value: T, bytes = utf8Length(JSON.stringify(value)), tag = 0): void {
    this.#values.push(value);
    this.#times.push(timeMs);
    this.#sizes.push(bytes);
    this.#tags.push(tag);
    this.#bytes += bytes;
    // The oldest go by moving a start index rather than by copying the rest on every push (a full log would copy
    // thousands of entries per request); the columns are compacted once the dropped part is as long as the kept one.
    while (this.#bytes > this.#maxBytes && this.#start < this.#values.length) {
      this.#bytes -= this.#sizes[this.#start] ?? 0;
      this.#values[this.#start++] = undefined as T;
    }
    if (this.#start > 0 && this.#start * 2 >= this.#values.length) this.#compact();
  }

  /** Drops every entry timed before `cutoffMs`. */
  dropBefore(cutoffMs: number): void {
    this.#compact();
    const kept = this.#times.flatMap((timeMs, index) => (timeMs >= cutoffMs ? [index] : []));
    if (kept.length === this.#times.length) return;
    const pick = <V>(column: V[]): V[] => kept.map((index) => column[index] as V);
    this.#values = pick(this.#values);
    this.#times = pick(this.#times);
    this.#sizes = pick(this.#sizes);
    this.#tags = pick(this.#tags);
    this.#bytes = this.#sizes.reduce((sum, size) => sum + size, 0);
  }

  /** The entries in a window, sorted by time (ties in recording order), each as `read` makes it of its parts. */
  within(window: TimeWindow): T[];
  within<R>(window: TimeWindow, read: (value: T, timeMs: number, tag: number) => R): R[];
  within<R>(window: TimeWindow, read?: (value: T, timeMs: number, tag: number) => R): (T | R)[] {
    const times = this.#times;
    const live: number[] = [];
    for (let index = this.#start; index < times.length; index++) {
      const timeMs = times[index] ?? 0;
      if (timeMs > window.after && timeMs <= window.until) live.push(index);
    }
    live.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
    return live.map((index) => this.#read(index, read));
  }

  #read<R>(index: number, read?: (value: T, timeMs: number, tag: number) => R): T | R {
    const value = this.#values[index] as T;
    return read ? read(value, this.#times[index] ?? 0, this.#tags[index] ?? 0) : value;
  }

  /** How many entries the log holds. */
  get size(): number {
    return this.#values.length - this.#start;
  }

  /** How many bytes of JSON the entries take. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Every entry in recording order, each as `read` makes it of its parts. */
  values(): T[];
  values<R>(read: (value: T, timeMs: number, tag: number) => R): R[];
  values<R>(read?: (value: T, timeMs: number, tag: number) => R): (T | R)[] {
    const out: (T | R)[] = [];
    for (let index = this.#start; index < this.#values.length; index++) out.push(this.#read(index, read));
    return out;
  }
}
