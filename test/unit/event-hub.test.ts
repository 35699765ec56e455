/** The event hub on its own: batching, the entry rate, and the bound on what a slow subscriber can make it hold. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventHub, type EventHubLimits, type EventSink } from '../../src/core/event-hub.js';

const LIMITS: EventHubLimits = { entriesPerSecond: 5, maxPendingBytes: 1000, flushMs: 50, keepAliveMs: 15_000 };

/** A sink that keeps what it was sent; `stalled` makes it report everything as unsent (a reader that stopped). */
function recordingSink(stalled = false): EventSink & { chunks: string[]; closed: boolean } {
  const sink = {
    chunks: [] as string[],
    closed: false,
    write(chunk: string) {
      sink.chunks.push(chunk);
    },
    pending: () => (stalled ? sink.chunks.reduce((sum, chunk) => sum + chunk.length, 0) : 0),
    close() {
      sink.closed = true;
    },
  };
  return sink;
}

describe('the event hub', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('serialises nothing while nobody listens', () => {
    const hub = createEventHub(LIMITS, () => clock);
    const data = vi.fn(() => '{}');
    hub.entry(data);
    hub.change({ what: 'reset' });
    expect(data).not.toHaveBeenCalled();
    expect(hub.active).toBe(false);
  });

  it('sends queued entries and changes to every subscriber as one chunk per flush', () => {
    const hub = createEventHub(LIMITS, () => clock);
    const a = recordingSink();
    const b = recordingSink();
    hub.subscribe(a);
    hub.subscribe(b);
    hub.entry(() => '{"seq":1}');
    hub.change({ tenant: 't', what: 'reset' });
    expect(a.chunks).toEqual(['retry: 1000\n: connected\n\n']);
    vi.advanceTimersByTime(LIMITS.flushMs);
    const expected = 'event: entry\ndata: {"seq":1}\n\nevent: change\ndata: {"tenant":"t","what":"reset"}\n\n';
    expect(a.chunks.slice(1)).toEqual([expected]);
    expect(b.chunks.slice(1)).toEqual([expected]);
  });

  it('sends at most entriesPerSecond entries and counts the rest in a skipped event', () => {
    const hub = createEventHub(LIMITS, () => clock);
    const sink = recordingSink();
    hub.subscribe(sink);
    const data = vi.fn(() => '{}');
    for (let i = 0; i < 12; i++) hub.entry(data);
    vi.advanceTimersByTime(LIMITS.flushMs);
    expect(data).toHaveBeenCalledTimes(5);
    const text = sink.chunks.join('');
    expect(text.match(/event: entry/g)).toHaveLength(5);
    expect(text).toContain('event: skipped\ndata: {"count":7}\n\n');
    clock += 1000; // a second later the allowance is back
    hub.entry(data);
    expect(data).toHaveBeenCalledTimes(6);
  });

  it('drops a subscriber whose unsent bytes pass the bound and keeps serving the others', () => {
    const hub = createEventHub({ ...LIMITS, entriesPerSecond: 1e9 }, () => clock);
    const slow = recordingSink(true);
    const fast = recordingSink();
    hub.subscribe(slow);
    hub.subscribe(fast);
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 10; i++) hub.entry(() => JSON.stringify({ pad: 'x'.repeat(20) }));
      vi.advanceTimersByTime(LIMITS.flushMs);
    }
    expect(slow.closed).toBe(true);
    expect(hub.subscribers).toBe(1);
    // What the slow one was given stopped at the first flush past the bound: at most the bound plus one chunk.
    const given = slow.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    expect(given).toBeLessThanOrEqual(LIMITS.maxPendingBytes + (fast.chunks[1]?.length ?? 0));
    expect(fast.closed).toBe(false);
    expect(fast.chunks.join('').match(/event: entry/g)).toHaveLength(200);
  });

  it('stops its timers when the last subscriber leaves', () => {
    const hub = createEventHub(LIMITS, () => clock);
    const unsubscribe = hub.subscribe(recordingSink());
    hub.entry(() => '{}');
    unsubscribe();
    expect(hub.active).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
