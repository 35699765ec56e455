/**
 * Memory bounds, measured on the standalone server in its own process: unauthenticated 1 MiB bodies leave it under
 * twice its idle memory (they are journaled with only the first 1 KiB of their bodies), and the journal then reads
 * back whole.
 * The figures are printed; only the bounds the issue sets are asserted (RSS, never time).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, listeningUrl, runCli, stopCli, type CliRun } from '../support/control.js';
import { createTally, count, report, LONG } from './tally.js';

const BODIES = LONG ? 1000 : 200;
const MIB = 1024 * 1024;
const tally = createTally();

/** A process's resident memory now and at its peak, in MiB, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 'NaN');
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

describe('memory bounds of the standalone server', () => {
  let dir: string;
  let cli: CliRun;
  let url: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-memory-'));
    cli = runCli(['--port', '0', '--key-file', join(dir, 'api.key')]);
    url = await listeningUrl(cli);
  }, 60_000);
  afterAll(async () => {
    await stopCli(cli);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `stays under twice its idle memory after ${BODIES} unauthenticated 1 MiB bodies, and reads its journal back`,
    async () => {
      const pid = cli.child.pid ?? 0;
      const lookup = `${url}/AdminInterface/restapi/v1/users/lookup`;
      // Warm up: the first requests load the validators and jose; idle is measured after them.
      for (let i = 0; i < 20; i++) await (await fetch(lookup, { method: 'POST', body: '{}' })).text();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const idle = memoryOf(pid);
      const body = `{"email":"${'x'.repeat(MIB - 20)}"}`;
      const workers = Array.from({ length: 4 }, async (_, worker) => {
        for (let i = worker; i < BODIES; i += 4) {
          const response = await fetch(lookup, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          await response.text();
          count(tally, response.status, () => `unauthenticated 1 MiB -> ${response.status}`);
        }
      });
      await Promise.all(workers);
      const after = memoryOf(pid);
      const started = performance.now();
      const journal = await fetch(`${url}/__fake/journal`);
      const text = await journal.text();
      const readMs = performance.now() - started;
      const entries = JSON.parse(text) as {
        requestBody: unknown;
        status: number;
        truncated?: { requestBody?: number };
      }[];
      process.stdout.write(
        `memory: idle ${idle.rss.toFixed(0)} MiB; after ${BODIES} unauthenticated 1 MiB bodies ${after.rss.toFixed(0)} MiB ` +
          `(${(after.rss / idle.rss).toFixed(2)}x idle), peak ${after.peak.toFixed(0)} MiB; journal of ${entries.length} ` +
          `entries, ${(text.length / 1024).toFixed(0)} KiB, read back in ${readMs.toFixed(0)} ms\n`,
      );
      expect(journal.status).toBe(200);
      expect(tally.statuses.get(403)).toBe(BODIES);
      expect(after.rss).toBeLessThan(2 * idle.rss);
      expect(entries.length).toBeLessThanOrEqual(1000);
      // A refused request keeps the first 1 KiB of its body (the pact export and the dashboard replay it), marked.
      const refused = entries.slice(-Math.min(BODIES, entries.length));
      for (const entry of refused) {
        expect(entry.status).toBe(403);
        expect(entry.requestBody).toBe(body.slice(0, 1024));
        expect(entry.truncated).toEqual({ requestBody: body.length });
      }
      report('memory', tally);
    },
    LONG ? 600_000 : 120_000,
  );
});
