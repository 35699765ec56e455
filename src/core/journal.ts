/**
 * The request journal: a ring of what clients sent and what the fake answered, bounded both in entries and in bytes,
 * so nothing a client sends can make it grow past its bound or fail when read back.
 */
import type { VendorOperationId } from './contract.js';
import type { components } from '../generated/control-plane.js';
import { formatTimestamp } from './clock.js';
import { RepeatedText } from './repeated-text.js';
import { utf8Length } from './utf8-length.js';

/** One request and its answer. */
export type JournalEntry = components['schemas']['JournalEntry'];

/** What the pipeline records: like an entry, but with bodies as the text that went over the wire. */
export interface JournalRecord extends Omit<
  JournalEntry,
  'seq' | 'query' | 'requestBody' | 'responseBody' | 'time' | 'truncated'
> {
  /** The query string without '?', if any. */
  query?: string | undefined;
  /** When it was answered, in epoch ms on the tenant's clock (formatted only when read). */
  timeMs: number;
  requestText: string | undefined;
  /** Bytes kept of this request's body when fewer than the journal's own bound (e.g. for a request that proved no tenant). */
  requestTextLimit?: number | undefined;
  responseText: string | null;
}

/** A filter over the journal. */
export interface JournalQuery {
  /** A vendor operationId; an unknown one throws (the control plane answers 400). */
  operationId?: VendorOperationId;
  status?: number;
}

/** A bounded journal: once full (in entries or in bytes), each new entry drops the oldest. */
export interface Journal {
  /** Records an answered request; bodies are kept as text (cut at `maxBodyBytes`) and parsed only when read. */
  record(entry: JournalRecord): void;
  /** The newest entry, as `entries()` would give it (for the live stream); undefined when empty. */
  latest(): JournalEntry | undefined;
  /** Entries oldest first, optionally filtered. */
  entries(query?: JournalQuery): JournalEntry[];
  /** Empties the journal. */
  clear(): void;
  /** The capacity in entries. */
  readonly capacity: number;
  /** The capacity in bytes (UTF-8 bytes of the stored texts plus a fixed cost per entry). */
  readonly maxBytes: number;
  /** The bytes held now, counted like `maxBytes`. */
  readonly bytes: number;
  /** How many entries were ever recorded (including dropped ones). */
  readonly total: number;
}

/** Default capacity: enough for a test suite, small enough that a long-running server stays bounded. */
export const DEFAULT_JOURNAL_SIZE = 1000;
/** Default bound in bytes per journal. */
export const DEFAULT_JOURNAL_BYTES = 16 * 1024 * 1024;
/** A stored body is cut to this many UTF-8 bytes (the entry says so in `truncated`). */
export const DEFAULT_JOURNAL_BODY_BYTES = 64 * 1024;
/** What an entry costs besides its texts (the record object, its numbers and short strings), counted in bytes. */
const ENTRY_OVERHEAD_BYTES = 256;
/** What a decision trace costs besides its strings: its field names, booleans, numbers and nulls, all present. */
const TRACE_OVERHEAD_BYTES = 320;
/** Bodies nested deeper than this are read back as their text: JSON.stringify and matchers recurse per level. */
export const MAX_PARSED_DEPTH = 64;

/** Limits of one journal. */
export interface JournalLimits {
  /** Entries kept. Default 1000. */
  capacity?: number | undefined;
  /** Bytes kept. Default 16 MiB. */
  maxBytes?: number | undefined;
  /** Bytes kept of one body. Default 64 KiB. */
  maxBodyBytes?: number | undefined;
}

/** What the ring keeps of an entry; its times and byte count are kept in arrays beside it (see createJournal). */
interface Stored extends Omit<JournalRecord, 'timeMs' | 'durationMs' | 'requestTextLimit'> {
  seq: number;
  truncated: JournalEntry['truncated'];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-8 bytes of a reason; an absent one (most steps of most traces have none) is not measured at all. */
const bytesOf = (text: string | null | undefined): number => (text ? utf8Length(text) : 0);

// The scenario of the last trace counted: a tenant's requests name the same scenario for a long time.
const lastScenario = new RepeatedText();

/**
 * What a decision trace counts against the bound: the UTF-8 bytes of its strings plus TRACE_OVERHEAD_BYTES, at least
 * the bytes of its JSON but for escapes, counted without serializing it on every request.
 */
function traceBytes(trace: JournalEntry['trace']): number {
  let bytes =
    TRACE_OVERHEAD_BYTES +
    lastScenario.bytesOf(trace.scenario) +
    bytesOf(trace.route.reason) +
    bytesOf(trace.token?.reason) +
    bytesOf(trace.fault) +
    bytesOf(trace.validation?.reason);
  for (const line of trace.changed) bytes += utf8Length(line) + 3;
  return bytes;
}

/**
 * Keeps at most `maxBytes` UTF-8 bytes of `text`, cut on a character boundary. The result is a fresh string: a
 * slice would keep the whole original alive in V8.
 */
function cut(text: string, maxBytes: number): string {
  const buffer = new Uint8Array(maxBytes);
  const { written } = encoder.encodeInto(text, buffer);
  return decoder.decode(buffer.subarray(0, written));
}

/** How deeply `text` nests arrays and objects (outside strings), stopping once past `limit`. */
function depthOver(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x5d || char === 0x7d) depth -= 1;
  }
  return false;
}

/**
 * Parses a body for reading: JSON when it is JSON nested no deeper than MAX_PARSED_DEPTH, else the text itself;
 * null when empty. Reading never fails, whatever a client sent.
 */
function parseBody(text: string | null | undefined, truncated: boolean): unknown {
  if (text === undefined || text === null || text === '') return null;
  if (truncated || depthOver(text, MAX_PARSED_DEPTH)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Failed to create the journal: its ${name} must be a positive integer, got ${value}.`);
  }
  return value;
}

/**
 * Creates a journal holding at most `capacity` entries and `maxBytes` bytes; each stored body is cut to
 * `maxBodyBytes` and its entry marked `truncated` with the size it had.
 * @example createJournal(500).entries({ operationId: 'enableEmergencyTokencodeV1', status: 200 })
 */
export function createJournal(capacity: number = DEFAULT_JOURNAL_SIZE, limits: JournalLimits = {}): Journal {
  positive('size', capacity);
  const maxBytes = positive('byte bound', limits.maxBytes ?? DEFAULT_JOURNAL_BYTES);
  const maxBodyBytes = Math.min(
    positive('body bound', limits.maxBodyBytes ?? DEFAULT_JOURNAL_BODY_BYTES),
    Math.max(1, Math.floor((maxBytes - ENTRY_OVERHEAD_BYTES) / 2)),
  );
  // Grown as entries come (slots are filled in order until it wraps), not made `capacity` long up front: a new
  // tenant's journal then costs nothing, and most tenants never fill theirs.
  const ring: (Stored | undefined)[] = [];
  let first = 0;
  let count = 0;
  let bytes = 0;
  let total = 0;

  // Each slot's bytes, beside the ring: dropping the oldest entry then reads a number from a small array instead of
  // the entry itself, which was made 1000 requests ago and is out of the CPU's caches. Its times too: an array of
  // numbers keeps them unboxed, where an entry's field would hold each in a heap object of its own, two more objects
  // per request for the garbage collector to copy while the entry is young.
  const sizes: number[] = [];
  const times: number[] = [];
  const durations: number[] = [];

  const dropOldest = (): void => {
    bytes -= sizes[first] ?? 0;
    sizes[first] = 0;
    ring[first] = undefined;
    first = (first + 1) % capacity;
    count -= 1;
  };

  // The last path, and the last request text kept whole (with the limit it was kept under) and its UTF-8 size. A
  // client sends the same ones again and again (the same user's path, the same body): an equal text is then kept as
  // the string already held, and counted against the bound without being measured again (see RepeatedText). At most
  // one body (of at most maxBodyBytes) is held this way besides the entries; clear() forgets it.
  let lastPath = new RepeatedText();
  let lastRequestText: string | undefined;
  let lastRequestLimit: number | undefined;
  let lastRequestBytes = 0;

  // What the last call of `keep` measured: the UTF-8 bytes of the text it kept, and the size the text had when it
  // was cut (undefined when it was not). Left in two variables rather than returned in an object: this runs twice per
  // request, and each text is measured once, for both the cut and the byte count.
  let keptBytes = 0;
  let cutFrom: number | undefined;

  /** Keeps a body within its bound (at most `limit` bytes, never more than the journal's own bound). */
  const keep = <T extends null | undefined>(text: string | T, limit = maxBodyBytes): string | T => {
    cutFrom = undefined;
    keptBytes = 0;
    if (typeof text !== 'string') return text;
    const bound = Math.min(limit, maxBodyBytes);
    keptBytes = utf8Length(text, bound);
    if (keptBytes <= bound) return text;
    cutFrom = utf8Length(text);
    const kept = cut(text, bound);
    keptBytes = utf8Length(kept);
    return kept;
  };

  const toEntry = (entry: Stored, slot: number): JournalEntry => ({
    seq: entry.seq,
    operationId: entry.operationId,
    method: entry.method,
    path: entry.path,
    ...(entry.query !== undefined && { query: entry.query }),
    status: entry.status,
    requestBody: parseBody(entry.requestText, entry.truncated?.requestBody !== undefined),
    responseBody: parseBody(entry.responseText, entry.truncated?.responseBody !== undefined),
    time: formatTimestamp(times[slot] ?? 0),
    durationMs: durations[slot] ?? 0,
    tenant: entry.tenant,
    trace: entry.trace,
    ...(entry.truncated && { truncated: entry.truncated }),
  });

  return {
    record(entry) {
      total += 1;
      let requestText: string | undefined;
      let requestCut: number | undefined;
      let textBytes: number;
      if (
        lastRequestText !== undefined &&
        entry.requestText === lastRequestText &&
        entry.requestTextLimit === lastRequestLimit
      ) {
        requestText = lastRequestText;
        textBytes = lastRequestBytes;
      } else {
        requestText = keep(entry.requestText, entry.requestTextLimit);
        requestCut = cutFrom;
        textBytes = keptBytes;
        if (requestCut === undefined && requestText !== undefined) {
          lastRequestText = requestText;
          lastRequestLimit = entry.requestTextLimit;
          lastRequestBytes = keptBytes;
        }
      }
      const path = lastPath.take(entry.path);
      const responseText = keep(entry.responseText);
      const responseCut = cutFrom;
      textBytes += keptBytes;
      const truncated =
        requestCut === undefined && responseCut === undefined
          ? undefined
          : {
              ...(requestCut !== undefined && { requestBody: requestCut }),
              ...(responseCut !== undefined && { responseBody: responseCut }),
            };
      // Every field named, not spread: rest and spread copies are a slow path of V8, on every request.
      const stored: Stored = {
        operationId: entry.operationId,
        method: entry.method,
        path,
        query: entry.query,
        status: entry.status,
        tenant: entry.tenant,
        trace: entry.trace,
        requestText,
        responseText,
        seq: total,
        truncated,
      };
      const storedBytes =
        ENTRY_OVERHEAD_BYTES +
        textBytes +
        lastPath.bytes +
        (entry.query === undefined ? 0 : utf8Length(entry.query)) +
        (entry.operationId?.length ?? 0) +
        traceBytes(entry.trace);
      while (count > 0 && (count === capacity || bytes + storedBytes > maxBytes)) dropOldest();
      const slot = (first + count) % capacity;
      ring[slot] = stored;
      sizes[slot] = storedBytes;
      times[slot] = entry.timeMs;
      durations[slot] = entry.durationMs;
      count += 1;
      bytes += storedBytes;
    },
    latest() {
      const slot = (first + count - 1) % capacity;
      const entry = count === 0 ? undefined : ring[slot];
      return entry && toEntry(entry, slot);
    },
    entries(query = {}) {
      const out: JournalEntry[] = [];
      for (let i = 0; i < count; i++) {
        const slot = (first + i) % capacity;
        const entry = ring[slot];
        if (!entry) continue;
        if (query.operationId !== undefined && entry.operationId !== query.operationId) continue;
        if (query.status !== undefined && entry.status !== query.status) continue;
        out.push(toEntry(entry, slot));
      }
      return out;
    },
    clear() {
      lastPath = new RepeatedText();
      lastRequestText = undefined;
      lastRequestLimit = undefined;
      lastRequestBytes = 0;
      ring.length = 0;
      sizes.length = 0;
      times.length = 0;
      durations.length = 0;
      first = 0;
      count = 0;
      bytes = 0;
      total = 0;
    },
    capacity,
    maxBytes,
    get bytes() {
      return bytes;
    },
    get total() {
      return total;
    },
  };
}
