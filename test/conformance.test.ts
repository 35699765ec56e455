/**
 * The conformance kit: its check definitions run against the fake in every transport (the fake passes all of them, as
 * its model is what they state), and against a deliberately drifted server, whose every drift it reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../src/testing/conformance/checks.js';
import { formatConformance, runConformance, summarize, type CheckResult } from '../src/testing/conformance/run.js';
import { MODES, startMode, type Harness } from './support/modes.js';
import { journalOf } from './support/control.js';
import { startDriftedServer, type DriftedServer } from './support/drift-proxy.js';

const JANE = 'jane.doe@example.com';
const byId = (rows: CheckResult[]) => new Map(rows.map((row) => [row.id, row]));

describe.each(MODES)('the conformance kit against the fake (%s)', (mode) => {
  let fake: Harness;
  beforeAll(async () => {
    fake = await startMode(mode);
  });
  afterAll(() => fake.stop());

  it('finds that every fact holds, the write workflow included', async () => {
    const rows = await runConformance({ apiKey: fake.apiKey, email: JANE, allowWrites: true, fetch: fake.fetch });
    expect(rows.map((row) => row.id)).toEqual(CHECKS.map((check) => check.id));
    for (const row of rows)
      expect({ id: row.id, verdict: row.verdict, observed: row.observed }).toMatchObject({ verdict: 'holds' });
    expect(byId(rows).get('token-wrong-audience')).toMatchObject({
      expected: '403 ForbiddenError {"status":403,"message":"Invalid audience"}',
      mark: { fidelity: 'inferred' },
    });
    expect(byId(rows).get('lookup-unknown-email')?.mark.fidelity).toBe('confirmed');
  });

  it('is read-only by default: no 200 of a writing operation, and the writes are listed as not checked', async () => {
    const before = (await journalOf(fake)).length;
    const rows = await runConformance({ apiKey: fake.apiKey, email: JANE, fetch: fake.fetch });
    const sent = (await journalOf(fake)).slice(before);
    expect(sent.length).toBeGreaterThan(10);
    const changed = sent.filter((entry) => entry.operationId !== 'lookupUser' && entry.status === 200);
    expect(changed).toEqual([]);
    expect(summarize(rows)).toEqual({ holds: 16, drift: 0, 'could not check': 7 });
    expect(rows.filter((row) => row.verdict === 'could not check').map((row) => row.observed)).toEqual(
      Array(7).fill('writes not allowed (--allow-writes)'),
    );
  });

  it('says a check needing the test user could not be checked without --email', async () => {
    const rows = byId(await runConformance({ apiKey: fake.apiKey, fetch: fake.fetch }));
    expect(rows.get('lookup-known-user')).toMatchObject({
      verdict: 'could not check',
      observed: 'no test user given (--email)',
    });
  });
});

describe('the conformance kit against a deliberately drifted server', () => {
  let drifted: DriftedServer;
  let rows: CheckResult[];

  beforeAll(async () => {
    drifted = await startDriftedServer();
    rows = await runConformance({ apiKey: drifted.apiKey, email: JANE });
  });
  afterAll(() => drifted.close());

  it('reports the renamed field', () => {
    expect(byId(rows).get('lookup-known-user')).toMatchObject({
      verdict: 'drift',
      observed: expect.stringContaining("must have required property 'emailAddress'"),
    });
  });

  it('reports the changed description', () => {
    const row = byId(rows).get('lookup-unknown-email');
    expect(row?.verdict).toBe('drift');
    expect(row?.observed).toMatch(/^description "No user conformance-[0-9a-f]{8}@example\.invalid"/);
  });

  it('reports the changed status of every token check', () => {
    const tokens = rows.filter((row) => row.id.startsWith('token-'));
    expect(tokens).toHaveLength(6);
    for (const row of tokens)
      expect(row).toMatchObject({ verdict: 'drift', observed: expect.stringMatching(/^status 401/) });
  });

  it('finds the rest still holds, and prints it all as a table', () => {
    const drifted = rows.filter((row) => row.verdict === 'drift').map((row) => row.id);
    expect(drifted.sort()).toEqual(
      [
        'lookup-known-user',
        'lookup-unknown-email',
        ...rows.filter((r) => r.id.startsWith('token-')).map((r) => r.id),
      ].sort(),
    );
    expect(summarize(rows)).toEqual({ holds: 8, drift: 8, 'could not check': 7 });
    const table = formatConformance(rows);
    expect(table.split('\n')[0]).toMatch(/^fact +expected \(mark\) +observed +verdict$/);
    expect(table).toMatch(/User Details of an unknown email answers 404 .* +drift$/m);
    expect(table).toMatch(/8 holds, 8 drift, 7 could not check$/);
  });
});
