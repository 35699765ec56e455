/**
 * The live event stream behind /__fake/events: journal entries and control changes, sent as server-sent events to
 * every subscriber, at a bounded cost to the requests being served and a bounded memory per subscriber.
 */

/** Where a subscriber's events go: a transport's open response. */
export interface EventSink {
  /** Sends a chunk of `text/event-stream` text. */
  write(chunk: string): void;
  /** How many bytes written to this sink still wait to be sent (the transport's buffer). */
  pending(): number;
  /** Ends the stream. */
  close(): void;
}

/** The hub's limits. */
export interface EventHubLimits {
  /** Entries sent per second at most; more are counted and announced by a `skipped` event. */
  entriesPerSecond: number;
  /** Bytes that may wait for one subscriber; past that it is dropped. */
  maxPendingBytes: number;
  /** How often queued events are written, in ms (one write per subscriber per flush). */
  flushMs: number;
  /** How often an idle stream gets a comment line, in ms. */
  keepAliveMs: number;
}

/** The limits the control plane's contract describes for /__fake/events. */
export const DEFAULT_EVENT_LIMITS: EventHubLimits = {
  entriesPerSecond: 200,
  maxPendingBytes: 1024 * 1024,
  flushMs: 50,
  keepAliveMs: 15_000,
};

/** A fan-out of server-sent events. */
export interface EventHub {
  /** Whether anyone listens: producers skip all work when nobody does. */
  readonly active: boolean;
  /** How many subscribers are connected. */
  readonly subscribers: number;
  /**
   * Queues a journal entry. `data` is called only when the entry is sent (not when it is over the rate), so a busy
   * server serialises at most `entriesPerSecond` entries a second.
   */
  entry(data: () => string): void;
  /** Queues a control change (never rate-limited: control calls are few). */
  change(data: unknown): void;
  /** Adds a subscriber; returns what removes it. */
  subscribe(sink: EventSink): () => void;
  /** Drops every subscriber and stops the timers. */
  close(): void;
}

const frame = (event: string, data: string): string => `event: ${event}\ndata: ${data}\n\n`;

/**
 * Creates a hub. Events are queued and written once per `flushMs` as one chunk per subscriber; a subscriber whose
 * unsent bytes pass `maxPendingBytes` is closed and removed, so a slow or vanished reader costs a bounded amount.
 * @example const hub = createEventHub(); hub.subscribe(sink); hub.change({ what: 'reset' });
 */
export function createEventHub(limits: EventHubLimits = DEFAULT_EVENT_LIMITS, now: () => number = Date.now): EventHub {
  const sinks = new Set<EventSink>();
  let queue: string[] = [];
  let skipped = 0;
  // A token bucket over real time (not a tenant's clock, which tests freeze and move).
  let allowance = limits.entriesPerSecond;
  let allowanceAt = now();
  let flushTimer: NodeJS.Timeout | undefined;
  let keepAliveTimer: NodeJS.Timeout | undefined;

  const drop = (sink: EventSink): void => {
    sinks.delete(sink);
    try {
      sink.close();
    } catch {
      // Already gone: nothing more to free.
    }
    if (sinks.size === 0) stopTimers();
  };

  const send = (chunk: string): void => {
    for (const sink of [...sinks]) {
      if (sink.pending() > limits.maxPendingBytes) {
        drop(sink);
        continue;
      }
      try {
        sink.write(chunk);
      } catch {
        drop(sink);
      }
    }
  };

  const flush = (): void => {
    flushTimer = undefined;
    if (skipped > 0) {
      queue.push(frame('skipped', JSON.stringify({ count: skipped })));
      skipped = 0;
    }
    if (queue.length === 0) return;
    const chunk = queue.join('');
    queue = [];
    send(chunk);
  };

  const schedule = (): void => {
    if (flushTimer === undefined && sinks.size > 0) {
      flushTimer = setTimeout(flush, limits.flushMs);
      flushTimer.unref();
    }
  };

  function stopTimers(): void {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    if (keepAliveTimer !== undefined) clearInterval(keepAliveTimer);
    flushTimer = undefined;
    keepAliveTimer = undefined;
    queue = [];
    skipped = 0;
  }

  return {
    get active() {
      return sinks.size > 0;
    },
    get subscribers() {
      return sinks.size;
    },
    entry(data) {
      if (sinks.size === 0) return;
      const at = now();
      allowance = Math.min(limits.entriesPerSecond, allowance + ((at - allowanceAt) / 1000) * limits.entriesPerSecond);
      allowanceAt = at;
      if (allowance < 1) {
        skipped += 1;
      } else {
        allowance -= 1;
        queue.push(frame('entry', data()));
      }
      schedule();
    },
    change(data) {
      if (sinks.size === 0) return;
      queue.push(frame('change', JSON.stringify(data)));
      schedule();
    },
    subscribe(sink) {
      sinks.add(sink);
      // `retry` tells EventSource how soon to reconnect after a drop; the comment opens the stream at once.
      sink.write('retry: 1000\n: connected\n\n');
      if (keepAliveTimer === undefined) {
        keepAliveTimer = setInterval(() => send(': keep-alive\n\n'), limits.keepAliveMs);
        keepAliveTimer.unref();
      }
      return () => {
        if (sinks.delete(sink) && sinks.size === 0) stopTimers();
      };
    },
    close() {
      for (const sink of [...sinks]) drop(sink);
      stopTimers();
    },
  };
}
