/** The request journal on its own: a bounded ring buffer, filters, and bodies parsed when read. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createJournal,
  DEFAULT_JOURNAL_BYTES,
  DEFAULT_JOURNAL_SIZE,
  MAX_PARSED_DEPTH,
  type JournalRecord,
} from '../../src/core/journal.js';
import { countUtf8 } from '../../src/core/count-utf8.js';
import { utf8Length } from '../../src/core/utf8-length.js';
import { utf8Length as browserUtf8Length } from '../../src/core/utf8-length.browser.js';
import { startTrace } from '../../src/cloud-admin/trace.js';

function record(n: number, overrides: Partial<JournalRecord> = {}): JournalRecord {
  return {
    operationId: 'lookupUser',
    method: 'POST',
    path: `/AdminInterface/restapi/v1/users/lookup#${n}`,
    status: 200,
    requestText: JSON.stringify({ email: `user${n}@example.com` }),
    responseText: JSON.stringify({ n }),
    timeMs: Date.UTC(2026, 2, 1, 9),
    durationMs: 0.5,
    tenant: 'access-id',
    trace: startTrace('default'),
    ...overrides,
  };
}

describe('journal', () => {
  it('gives the newest entry as entries() gives it, for the live stream', () => {
    const journal = createJournal(2);
    expect(journal.latest()).toBeUndefined();
    for (let n = 1; n <= 3; n++) journal.record(record(n));
    expect(journal.latest()).toEqual(journal.entries().at(-1));
    expect(journal.latest()).toMatchObject({ seq: 3, requestBody: { email: 'user3@example.com' }, durationMs: 0.5 });
  });

  it('formats the time on the tenant clock as ISO-8601 when read', () => {
    const journal = createJournal(2);
    journal.record(record(1));
    expect(journal.entries()[0]?.time).toBe('2026-03-01T09:00:00.000Z');
  });

  it('keeps entries oldest first with sequence numbers from 1', () => {
    const journal = createJournal(10);
    for (let n = 1; n <= 3; n++) journal.record(record(n));
    expect(journal.entries().map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(journal.total).toBe(3);
  });

  it('drops the oldest entries once full', () => {
    const journal = createJournal(3);
    for (let n = 1; n <= 7; n++) journal.record(record(n));
    const entries = journal.entries();
    expect(entries.map((entry) => entry.seq)).toEqual([5, 6, 7]);
    expect(entries.map((entry) => entry.responseBody)).toEqual([{ n: 5 }, { n: 6 }, { n: 7 }]);
    expect(journal.total).toBe(7);
    expect(journal.capacity).toBe(3);
  });

  it('parses bodies when read: JSON as values, other text as text, empty as null', () => {
    const journal = createJournal(5);
    journal.record(record(1));
    journal.record(record(2, { requestText: '{not json', responseText: null }));
    journal.record(record(3, { requestText: undefined, responseText: '' }));
    const [json, text, empty] = journal.entries();
    expect(json).toMatchObject({ requestBody: { email: 'user1@example.com' }, responseBody: { n: 1 } });
    expect(text).toMatchObject({ requestBody: '{not json', responseBody: null });
    expect(empty).toMatchObject({ requestBody: null, responseBody: null });
    expect(json).not.toHaveProperty('requestText');
  });

  it('filters by operation and by status', () => {
    const journal = createJournal(10);
    journal.record(record(1));
    journal.record(record(2, { operationId: 'setUserStatus', status: 400 }));
    journal.record(record(3, { status: 404 }));
    journal.record(record(4, { operationId: null, status: 404 }));
    expect(journal.entries({ operationId: 'lookupUser' }).map((entry) => entry.seq)).toEqual([1, 3]);
    expect(journal.entries({ status: 404 }).map((entry) => entry.seq)).toEqual([3, 4]);
    expect(journal.entries({ operationId: 'lookupUser', status: 404 }).map((entry) => entry.seq)).toEqual([3]);
  });

  it('starts again from 1 after clear', () => {
    const journal = createJournal(2);
    for (let n = 1; n <= 5; n++) journal.record(record(n));
    journal.clear();
    expect(journal.entries()).toEqual([]);
    expect(journal.total).toBe(0);
    journal.record(record(6));
    expect(journal.entries().map((entry) => entry.seq)).toEqual([1]);
  });

  it('holds 1000 entries by default', () => {
    expect(DEFAULT_JOURNAL_SIZE).toBe(1000);
    expect(createJournal().capacity).toBe(1000);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a capacity of %s', (capacity) => {
    expect(() => createJournal(capacity)).toThrow(
      `Failed to create the journal: its size must be a positive integer, got ${capacity}.`,
    );
  });

  it('holds 16 MiB by default and drops the oldest entries to stay under its byte bound', () => {
    expect(createJournal().maxBytes).toBe(DEFAULT_JOURNAL_BYTES);
    expect(DEFAULT_JOURNAL_BYTES).toBe(16 * 1024 * 1024);
    const journal = createJournal(1000, { maxBytes: 100_000, maxBodyBytes: 20_000 });
    for (let n = 1; n <= 50; n++) journal.record(record(n, { requestText: 'x'.repeat(10_000) }));
    expect(journal.bytes).toBeLessThanOrEqual(100_000);
    const seqs = journal.entries().map((entry) => entry.seq);
    expect(seqs.at(-1)).toBe(50);
    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs.length).toBeLessThan(10);
    expect(journal.total).toBe(50);
  });

  it('cuts a body over the body bound on a character boundary and says the size it had', () => {
    const journal = createJournal(10, { maxBodyBytes: 10 });
    journal.record(record(1, { requestText: `{"a":"${'é'.repeat(20)}"}` }));
    const [entry] = journal.entries();
    expect(entry?.requestBody).toBe('{"a":"éé');
    expect(entry?.truncated).toEqual({ requestBody: 48 });
    expect(entry?.responseBody).toEqual({ n: 1 });
    expect(journal.entries({}).length).toBe(1);
  });

  it('counts and reads back a repeated path and body as it does new ones, each under the limit of its entry', () => {
    const same = { path: '/AdminInterface/restapi/v1/users/lookup', requestText: '{"email":"jane.doe@example.com"}' };
    const once = createJournal(10);
    once.record(record(1, same));
    const repeated = createJournal(10);
    // Fresh strings each time, as a server reads them: equal texts, not the same objects.
    for (let n = 1; n <= 3; n++)
      repeated.record(
        record(n, {
          path: JSON.parse(JSON.stringify(same.path)) as string,
          requestText: JSON.parse(JSON.stringify(same.requestText)) as string,
        }),
      );
    expect(repeated.bytes).toBe(3 * once.bytes);
    expect(repeated.entries().map((entry) => [entry.path, entry.requestBody])).toEqual(
      Array.from({ length: 3 }, () => [same.path, { email: 'jane.doe@example.com' }]),
    );
    // The same text kept under a smaller limit (a request that proved no tenant) is cut, and the next one whole.
    repeated.record(record(4, { ...same, requestTextLimit: 10 }));
    repeated.record(record(5, same));
    const [cutEntry, wholeEntry] = repeated.entries().slice(-2);
    expect(cutEntry).toMatchObject({ requestBody: '{"email":"', truncated: { requestBody: same.requestText.length } });
    expect(wholeEntry?.requestBody).toEqual({ email: 'jane.doe@example.com' });
    expect(wholeEntry).not.toHaveProperty('truncated');
  });

  it('marks no entry truncated when its bodies fit', () => {
    const journal = createJournal(10);
    journal.record(record(1));
    expect(journal.entries()[0]).not.toHaveProperty('truncated');
  });

  it('reads JSON nested deeper than the parse depth back as its text, and the entries stringify', () => {
    const journal = createJournal(10);
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const shallow = `${'['.repeat(MAX_PARSED_DEPTH)}1${']'.repeat(MAX_PARSED_DEPTH)}`;
    journal.record(record(1, { requestText: deep }));
    journal.record(record(2, { requestText: shallow }));
    journal.record(record(3, { requestText: JSON.stringify({ a: '['.repeat(MAX_PARSED_DEPTH + 10) }) }));
    const [deepEntry, shallowEntry, quoted] = journal.entries();
    expect(deepEntry?.requestBody).toBe(deep);
    expect(Array.isArray(shallowEntry?.requestBody)).toBe(true);
    expect(quoted?.requestBody).toEqual({ a: '['.repeat(MAX_PARSED_DEPTH + 10) });
    expect((JSON.parse(JSON.stringify(journal.entries())) as unknown[]).length).toBe(3);
  });

  it('keeps text that was not valid UTF-8 as its replacement characters, and lone surrogates as escapes', () => {
    const journal = createJournal(10);
    journal.record(record(1, { requestText: new TextDecoder().decode(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])) }));
    journal.record(record(2, { requestText: '{"a":"\\ud800"}' }));
    const [invalid, lone] = journal.entries();
    expect(invalid?.requestBody).toBe('{\ufffd\ufffd}');
    expect(lone?.requestBody).toEqual({ a: '\ud800' });
    expect(JSON.stringify(journal.entries())).toContain('\\ud800');
  });

  it('counts a stored entry at least as many bytes as the texts it keeps, its trace included', () => {
    const trace = {
      ...startTrace('eac-locked'),
      token: { verdict: 'refused' as const, reason: 'bad signature: not signed by the accessKey of this access ID' },
      throttle: {
        allowed: true,
        before: 1_000_000,
        after: 999_999,
        limit: { requestsPerSecond: 1_000_000, burst: 1_000_000 },
      },
      fault: 'status 503; latency 200 ms',
      validation: { ok: false, reason: 'body/expirationDays must be <= 7, ünïcode' },
      changed: ['user jane.doe@example.com: emergency code none -> 9f8e (expires 2026-03-04T09:00:00.000Z)'],
    };
    const journal = createJournal(10);
    const entry = record(1, { trace, query: 'a=1' });
    journal.record(entry);
    const texts = [
      entry.path,
      entry.query ?? '',
      entry.requestText ?? '',
      entry.responseText ?? '',
      entry.operationId ?? '',
    ];
    const kept =
      texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) + Buffer.byteLength(JSON.stringify(trace));
    expect(journal.bytes).toBeGreaterThanOrEqual(kept);
    expect(journal.bytes).toBeLessThan(kept + 512);
  });

  it('counts UTF-8 bytes, stopping early past a bound', () => {
    for (const count of [utf8Length, browserUtf8Length, countUtf8]) {
      expect(count('aé€😀')).toBe(1 + 2 + 3 + 4);
      expect(count('\ud800x')).toBe(4);
      expect(count('x'.repeat(1_000_000), 10)).toBeGreaterThan(10);
      expect(count('x'.repeat(1_000_000), 10)).toBeLessThan(20);
      expect(count('é'.repeat(8), 10)).toBeGreaterThan(10);
    }
  });

  it('counts as Buffer.byteLength does, natively in Node and by the portable loop in a browser', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(fc.constantFrom('\ud800', '\udfff', '\ud83d'), fc.string({ unit: 'binary', maxLength: 1 })),
        }),
        (text) => {
          expect(countUtf8(text)).toBe(Buffer.byteLength(text));
          expect(utf8Length(text)).toBe(Buffer.byteLength(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['byte bound', { maxBytes: 0 }],
    ['body bound', { maxBodyBytes: -1 }],
  ])('refuses a %s that is not a positive integer', (name, limits) => {
    expect(() => createJournal(10, limits)).toThrow(
      `Failed to create the journal: its ${name} must be a positive integer`,
    );
  });
});
