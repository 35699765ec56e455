/**
 * The CI subcommands of the command line: `pact` writes the journal of a running fake as a pact file, `conformance`
 * prints the kit's table (or JSON) and exits 1 on drift.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiKeyFile, writeApiKeyFile } from '../src/server/key-file.js';
import { signToken } from '../src/core/sign-token.js';
import { ensureBuilt, listeningUrl, runCli, stopCli, type CliRun } from './support/control.js';
import { startDriftedServer, type DriftedServer } from './support/drift-proxy.js';

const JANE = 'jane.doe@example.com';

let dir: string;
let server: CliRun;
let keyFile: string;
let origin: string;

/** Runs a subcommand to its end. */
async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = runCli(args);
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-cli-'));
  keyFile = join(dir, 'api.key');
  server = runCli(['--port', '0', '--key-file', keyFile]);
  origin = await listeningUrl(server);
}, 60_000);
afterAll(async () => {
  await stopCli(server);
  rmSync(dir, { recursive: true, force: true });
});

describe('cloud-admin-fake pact', () => {
  it('writes the pact of the running fake to pacts/<consumer>-<provider>.json or --out', async () => {
    const apiKey = readApiKeyFile(keyFile);
    await fetch(`${apiKey.adminRestApiUrl}v1/users/lookup`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await signToken(apiKey)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: JANE }),
    });
    const out = join(dir, 'pacts', 'help-desk.json');
    const run = await cli([
      'pact',
      '--consumer',
      'help-desk',
      '--specification',
      'V3',
      '--key-file',
      keyFile,
      '--out',
      out,
    ]);
    expect(run).toMatchObject({ code: 0, stdout: `cloud-admin-fake: wrote ${out} (1 interactions)\n` });
    const exported = (await (
      await fetch(`${origin}/__fake/pact?consumer=help-desk&specification=V3`)
    ).json()) as unknown;
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(exported);
    expect(exported).toMatchObject({ interactions: [{ description: 'lookupUser answering 200 in scenario default' }] });
  });

  it('refuses to run without --consumer (exit 2, with the usage)', async () => {
    const run = await cli(['pact', '--key-file', keyFile]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cloud-admin-fake: pact needs --consumer <name>\n\nUsage: cloud-admin-fake pact/);
  });
});

describe('cloud-admin-fake conformance', () => {
  let drifted: DriftedServer;
  let driftedKey: string;
  beforeAll(async () => {
    drifted = await startDriftedServer();
    driftedKey = join(dir, 'drifted.key');
    writeApiKeyFile(driftedKey, drifted.apiKey);
  });
  afterAll(() => drifted.close());

  it('prints a table where every fact holds against the fake, writes included, and exits 0', async () => {
    const run = await cli(['conformance', '--key-file', keyFile, '--email', JANE, '--allow-writes']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^fact +expected \(mark\) +observed +verdict$/);
    expect(run.stdout).toMatch(
      /A token for another audience answers 403 "Invalid audience" .*\(inferred\) +403 as expected +holds/,
    );
    expect(run.stdout).toMatch(/\n23 holds, 0 drift, 0 could not check\n$/);
  });

  it('is read-only by default and lists the writes it did not check', async () => {
    const run = await cli(['conformance', '--key-file', keyFile, '--email', JANE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n16 holds, 0 drift, 7 could not check\n$/);
    expect(run.stdout).toMatch(
      /Disable answers 200 with an empty body +- \(inferred\) +writes not allowed \(--allow-writes\) +could not check/,
    );
  });

  it('exits 1 against a drifted server and says what drifted, as JSON with --json', async () => {
    const run = await cli(['conformance', '--key-file', driftedKey, '--email', JANE, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      rows: { id: string; verdict: string; observed: string }[];
      summary: unknown;
    };
    expect(report.summary).toEqual({ holds: 8, drift: 8, 'could not check': 7 });
    expect(report.rows.find((row) => row.id === 'lookup-known-user')).toMatchObject({
      verdict: 'drift',
      observed: expect.stringContaining("must have required property 'emailAddress'"),
    });
  });

  it('refuses --allow-writes without a test user, and a missing key file, with exit 2', async () => {
    const writes = await cli(['conformance', '--key-file', keyFile, '--allow-writes']);
    expect(writes.code).toBe(2);
    expect(writes.stderr).toMatch(/^cloud-admin-fake: conformance --allow-writes needs --email <test user>\n/);
    const missing = await cli(['conformance', '--key-file', join(dir, 'nope.key')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^cloud-admin-fake: .*nope\.key/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });
});
