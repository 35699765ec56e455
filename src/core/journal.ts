/** The request journal: a bounded ring buffer of what clients sent and what the fake answered. */
import type { components } from '../generated/control-plane.js';

/** One request and its answer. */
export type JournalEntry = components['schemas']['JournalEntry'];

/** What the pipeline records: like an entry, but with bodies as the text that went over the wire. */
export interface JournalRecord extends Omit<JournalEntry, 'seq' | 'requestBody' | 'responseBody' | 'time'> {
  /** When it was answered, in epoch ms on the tenant's clock (formatted only when read). */
  timeMs: number;
  requestText: string | undefined;
  responseText: string | null;
}

/** Parses a body for reading: JSON when it is JSON, else the text itself; null when empty. */
function parseBody(text: string | null | undefined): unknown {
  if (text === undefined || text === null || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A filter over the journal. */
export interface JournalQuery {
  operationId?: string;
  status?: number;
}

/** A bounded journal: once full, each new entry drops the oldest. */
export interface Journal {
  /** Records an answered request; bodies are kept as text and parsed only when read. */
  record(entry: JournalRecord): void;
  /** The newest entry, as `entries()` would give it (for the live stream); undefined when empty. */
  latest(): JournalEntry | undefined;
  /** Entries oldest first, optionally filtered. */
  entries(query?: JournalQuery): JournalEntry[];
  /** Empties the journal. */
  clear(): void;
  /** The capacity. */
  readonly capacity: number;
  /** How many entries were ever recorded (including dropped ones). */
  readonly total: number;
}

/** Default capacity: enough for a test suite, small enough that a long-running server stays bounded. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * Creates a journal holding at most `capacity` entries.
 * @example createJournal(500).entries({ operationId: 'enableEmergencyTokencodeV1', status: 200 })
 */
export function createJournal(capacity: number = DEFAULT_JOURNAL_SIZE): Journal {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`Failed to create the journal: its size must be a positive integer, got ${capacity}.`);
  }
  const ring: ((JournalRecord & { seq: number }) | undefined)[] = new Array<
    (JournalRecord & { seq: number }) | undefined
  >(capacity);
  let total = 0;
  const toEntry = (entry: JournalRecord & { seq: number }): JournalEntry => ({
    seq: entry.seq,
    operationId: entry.operationId,
    method: entry.method,
    path: entry.path,
    status: entry.status,
    requestBody: parseBody(entry.requestText),
    responseBody: parseBody(entry.responseText),
    time: new Date(entry.timeMs).toISOString(),
    durationMs: entry.durationMs,
    tenant: entry.tenant,
    trace: entry.trace,
  });
  return {
    record(entry) {
      total += 1;
      ring[(total - 1) % capacity] = { seq: total, ...entry };
    },
    latest() {
      const entry = total === 0 ? undefined : ring[(total - 1) % capacity];
      return entry && toEntry(entry);
    },
    entries(query = {}) {
      const out: JournalEntry[] = [];
      const start = Math.max(0, total - capacity);
      for (let i = start; i < total; i++) {
        const entry = ring[i % capacity];
        if (!entry) continue;
        if (query.operationId !== undefined && entry.operationId !== query.operationId) continue;
        if (query.status !== undefined && entry.status !== query.status) continue;
        out.push(toEntry(entry));
      }
      return out;
    },
    clear() {
      ring.fill(undefined);
      total = 0;
    },
    capacity,
    get total() {
      return total;
    },
  };
}
