/** A log of timed entries bounded in bytes (the oldest recorded go first), read by time window and zero-based page. */

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
  #items: Item<T>[] = [];
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Appends an entry, then drops the oldest recorded until the log fits its bound again. */
  push(timeMs: number, value: T): void {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    this.#items.push({ timeMs, value, bytes });
    this.#bytes += bytes;
    let drop = 0;
    while (this.#bytes > this.#maxBytes && drop < this.#items.length) this.#bytes -= this.#items[drop++]?.bytes ?? 0;
    if (drop > 0) this.#items = this.#items.slice(drop);
  }

  /** Drops every entry timed before `cutoffMs`. */
  dropBefore(cutoffMs: number): void {
    if (!this.#items.some((item) => item.timeMs < cutoffMs)) return;
    this.#items = this.#items.filter((item) => item.timeMs >= cutoffMs);
    this.#bytes = this.#items.reduce((sum, item) => sum + item.bytes, 0);
  }

  /** The entries in a window, sorted by time. */
  within(window: TimeWindow): T[] {
    return this.#items
      .filter((item) => item.timeMs > window.after && item.timeMs <= window.until)
      .sort((a, b) => a.timeMs - b.timeMs)
      .map((item) => item.value);
  }

  /** How many entries the log holds. */
  get size(): number {
    return this.#items.length;
  }

  /** How many bytes of JSON the entries take. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Every entry in recording order. */
  values(): T[] {
    return this.#items.map((item) => item.value);
  }
}
