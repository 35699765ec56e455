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

interface Item<T> {
  timeMs: number;
  value: T;
  bytes: number;
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
 */
export class TimedLog<T> {
  readonly #maxBytes: number;
  /** Entries from `#start` on are live; those before it were dropped (see push). */
  #items: Item<T>[] = [];
  #start = 0;
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** The live entries, oldest recorded first. */
  #live(): Item<T>[] {
    if (this.#start > 0) {
      this.#items = this.#items.slice(this.#start);
      this.#start = 0;
    }
    return this.#items;
  }

  /**
   * Appends an entry, then drops the oldest recorded until the log fits its bound again. `bytes` is what the entry
   * counts against the bound: by default the UTF-8 bytes of its JSON, or what a caller that keeps a smaller form
   * computes for it without serializing.
   */
  push(timeMs: number, value: T, bytes = utf8Length(JSON.stringify(value))): void {
    this.#items.push({ timeMs, value, bytes });
    this.#bytes += bytes;
    // The oldest go by moving a start index rather than by copying the rest on every push (a full log would copy
    // thousands of entries per request); the array is compacted once the dropped part is as long as the kept one.
    while (this.#bytes > this.#maxBytes && this.#start < this.#items.length)
      this.#bytes -= this.#items[this.#start++]?.bytes ?? 0;
    if (this.#start > 0 && this.#start * 2 >= this.#items.length) this.#live();
  }

  /** Drops every entry timed before `cutoffMs`. */
  dropBefore(cutoffMs: number): void {
    const items = this.#live();
    if (!items.some((item) => item.timeMs < cutoffMs)) return;
    this.#items = items.filter((item) => item.timeMs >= cutoffMs);
    this.#bytes = this.#items.reduce((sum, item) => sum + item.bytes, 0);
  }

  /** The entries in a window, sorted by time. */
  within(window: TimeWindow): T[] {
    return this.#live()
      .filter((item) => item.timeMs > window.after && item.timeMs <= window.until)
      .sort((a, b) => a.timeMs - b.timeMs)
      .map((item) => item.value);
  }

  /** How many entries the log holds. */
  get size(): number {
    return this.#items.length - this.#start;
  }

  /** How many bytes of JSON the entries take. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Every entry in recording order. */
  values(): T[] {
    return this.#live().map((item) => item.value);
  }
}
