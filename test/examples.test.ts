/**
 * The example clients in examples/ run unchanged against the fake: the TypeScript one in every transport (its
 * fetch injected), the others as programs against the standalone server, each checked on what it printed and on
 * the fake's journal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { generateAccessKey } from '../src/core/api-key.js';
import { writeApiKeyFile } from '../src/server/key-file.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runWorkflow } from '../examples/openapi-fetch-client.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { controlsFor, type TenantControls } from '../src/control-plane/controls.js';
import type { JournalEntry } from '../src/core/journal.js';
import { MODES, startMode, type Harness } from './support/modes.js';
import { EXAMPLES, PYTHON_MISSING, ROOT, findPython, killChildren, run, works } from './support/processes.js';

const EMAIL = 'jane.doe@example.com';
const CODE = /^emergencyTokencode: ([0-9A-Z]{8})$/m;

/** Checks the journal holds exactly lookup -> enable (v1, server-generated `code`) -> lookup -> disable, all 200. */
function expectWorkflowJournal(journal: JournalEntry[], code: string): void {
  expect(journal.map((entry) => [entry.operationId, entry.method, entry.status])).toEqual([
    ['lookupUser', 'POST', 200],
    ['enableEmergencyTokencodeV1', 'PUT', 200],
    ['lookupUser', 'POST', 200],
    ['disableEmergencyTokencode', 'DELETE', 200],
  ]);
  const [lookup, enable, after, disable] = journal as [JournalEntry, JournalEntry, JournalEntry, JournalEntry];
  expect(lookup.requestBody).toMatchObject({ email: EMAIL });
  expect(lookup.responseBody).toMatchObject({ emailAddress: EMAIL, emergencyAccessStatus: 'Disabled' });
  const userId = (lookup.responseBody as { id: string }).id;
  expect(enable.path).toContain(`/v1/users/${userId}/emergencyTokencode`);
  expect(enable.requestBody).toEqual({ expirationDays: 3 });
  const enabled = enable.responseBody as { emergencyTokencode: string; emergencyTokencodeId: string };
  expect(enabled.emergencyTokencode).toBe(code);
  expect(after.responseBody).toMatchObject({
    emergencyAccessStatus: 'Enabled',
    emergencyTokencodeId: enabled.emergencyTokencodeId,
  });
  expect(disable.path).toContain(`/v1/users/${userId}/emergencyTokencode/${enabled.emergencyTokencodeId}`);
  expect(disable.responseBody).toBeNull();
}

describe.each(MODES)('examples/openapi-fetch-client.ts over %s', (mode) => {
  let fake: Harness;
  beforeEach(async () => {
    fake = await startMode(mode, { seed: 11 });
  });
  afterEach(() => fake.stop());

  it('returns and prints the server-generated code, and the journal shows the whole flow', async () => {
    const lines: string[] = [];
    const result = await runWorkflow({
      apiKey: fake.apiKey,
      email: EMAIL,
      fetch: fake.fetch,
      log: (l) => lines.push(l),
    });
    expect(result.emergencyTokencode).toMatch(/^[0-9A-Z]{8}$/);
    expect(result.statusAfterEnable).toBe('Enabled');
    expect(lines).toContain(`emergencyTokencode: ${result.emergencyTokencode}`);
    expect(lines).toContain(`expirationDate: ${result.expirationDate}`);
    expect(lines).toContain('emergencyAccessStatus: Enabled');
    expect(lines).toContain('disabled: HTTP 200');
    expectWorkflowJournal(fake.controls.journal(), result.emergencyTokencode);
    expect(fake.controls.user(EMAIL)).toMatchObject({ emergencyAccessStatus: 'Disabled', emergencyTokencodeId: null });
  });

  it('throws naming the status and the vendor message for an unknown user', async () => {
    await expect(
      runWorkflow({ apiKey: fake.apiKey, email: 'nobody@example.com', fetch: fake.fetch, log: () => {} }),
    ).rejects.toThrow(/lookup failed: HTTP 404 .*User nobody@example.com not found/);
  });
});

const python = findPython();
const shellTools = ['bash', 'curl', 'openssl'].filter(
  (tool) => !works(tool, ['--version']) && !works(tool, ['version']),
);
const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Each example as a program: how to run it, and the `aud` it signs. */
const PROGRAMS: {
  name: string;
  command: string;
  args: string[];
  aud: 'adminRestApiUrl' | 'origin';
  /** Whether the program goes on to page through a search and export the admin log (the Python one). */
  searchesAndExports?: boolean;
  missing?: string;
}[] = [
  {
    name: 'fetch-client.mjs',
    command: process.execPath,
    args: [join(EXAMPLES, 'fetch-client.mjs')],
    aud: 'adminRestApiUrl',
  },
  {
    name: 'curl-openssl.sh',
    command: 'bash',
    args: [join(EXAMPLES, 'curl-openssl.sh')],
    aud: 'adminRestApiUrl',
    ...(shellTools.length > 0 && { missing: `missing ${shellTools.join(', ')}` }),
  },
  {
    name: 'python_client.py',
    command: python ?? 'python3',
    args: [join(EXAMPLES, 'python_client.py')],
    aud: 'origin',
    searchesAndExports: true,
    ...(!python && { missing: PYTHON_MISSING }),
  },
  {
    name: 'openapi-fetch-client.ts (npx tsx)',
    command: tsx,
    args: [join(EXAMPLES, 'openapi-fetch-client.ts')],
    aud: 'adminRestApiUrl',
  },
];

describe('the examples as programs against the standalone server', () => {
  let dir: string;
  let keyFile: string;
  /** The same accessID with another accessKey: its signatures must be refused. */
  let wrongKeyFile: string;
  let server: RunningServer;
  let controls: TenantControls;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-examples-'));
    keyFile = join(dir, 'api.key');
    server = await startServer({ port: 0, keyFile, seed: 5 });
    controls = controlsFor(server.fake, server.fake.tenant);
    wrongKeyFile = join(dir, 'wrong.key');
    writeApiKeyFile(wrongKeyFile, { ...server.apiKey, accessKey: generateAccessKey() });
  });
  beforeEach(() => controls.reset());
  afterAll(async () => {
    killChildren();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed before assigning it
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe.each(PROGRAMS)('$name', ({ command, args, aud, searchesAndExports = false, missing }) => {
    const title = (text: string): string => (missing ? `${text} (SKIPPED: ${missing})` : text);

    it.skipIf(missing !== undefined)(
      title('prints the server-generated code; the fake saw the whole flow'),
      async () => {
        const result = await run(command, [...args, keyFile, EMAIL]);
        expect(result.stderr).not.toMatch(/failed/i);
        expect(result.code).toBe(0);
        const code = CODE.exec(result.stdout)?.[1];
        expect(code, result.stdout).toMatch(/^[0-9A-Z]{8}$/);
        const expectedAud =
          aud === 'origin' ? new URL(server.apiKey.adminRestApiUrl).origin : server.apiKey.adminRestApiUrl;
        expect(result.stdout).toContain(`aud ${expectedAud}, valid 3600 s`);
        expect(result.stdout).toMatch(/^emergencyAccessStatus: Enabled$/m);
        expect(result.stdout).toMatch(/^expirationDate: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);
        expect(result.stdout).toMatch(/^disabled: HTTP 200$/m);
        expectWorkflowJournal(controls.journal().slice(0, 4), code ?? '');
        if (!searchesAndExports) expect(controls.journal()).toHaveLength(4);
        expect(controls.user(EMAIL)).toMatchObject({ emergencyAccessStatus: 'Disabled' });
      },
    );

    // Only the programs that page a search and export the log are held to it: defined for them, not skipped for others.
    if (searchesAndExports) {
      it.skipIf(missing !== undefined)(
        title('pages through a v2 search and exports the admin log it just wrote'),
        async () => {
          const result = await run(command, [...args, keyFile, EMAIL]);
          expect(result.code, result.stderr).toBe(0);
          const users = [...server.fake.tenant.store.all()].filter((user) => user.email.endsWith('@example.com'));
          const pages = Math.ceil(users.length / 10);
          expect(result.stdout).toContain(`searched: ${users.length} of ${users.length} users in ${pages} pages`);
          expect(result.stdout).toMatch(/^search page 0: 10 users$/m);
          expect(result.stdout).toMatch(new RegExp(`^admin log: \\S+ EMERGENCY_ACCESS_ENABLED ${EMAIL}$`, 'm'));
          expect(result.stdout).toMatch(new RegExp(`^admin log: \\S+ EMERGENCY_ACCESS_DISABLED ${EMAIL}$`, 'm'));
          expect(result.stdout).toMatch(/^admin log entries: 2$/m);
          const rest = controls.journal().slice(4);
          expect(rest.map((entry) => [entry.operationId, entry.status])).toEqual([
            ...Array.from({ length: pages }, () => ['searchUsersV2', 200]),
            ['exportAdminLog', 200],
          ]);
          expect(
            rest.map((entry) => new URL(entry.path, 'http://x').pathname.split('/').slice(-2).join('/')),
          ).toContain('users/search');
          expect(rest[0]?.requestBody).toEqual({ emailLike: '@example.com' });
        },
      );
    }

    it.skipIf(missing !== undefined)(title('takes the key file and email from the environment'), async () => {
      const result = await run(command, args, { env: { CLOUD_ADMIN_KEY_FILE: keyFile, CLOUD_ADMIN_EMAIL: EMAIL } });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(CODE);
      expect(controls.journal({ operationId: 'enableEmergencyTokencodeV1', status: 200 })).toHaveLength(1);
    });

    it.skipIf(missing !== undefined)(
      title('exits 1 printing the 404 for an unknown user, and enables nothing'),
      async () => {
        const result = await run(command, [...args, keyFile, 'nobody@example.com']);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/404/);
        expect(result.stderr).toContain('User nobody@example.com not found');
        expect(result.stdout).not.toMatch(CODE);
        expect(controls.journal().map((entry) => [entry.operationId, entry.status])).toEqual([['lookupUser', 404]]);
      },
    );

    it.skipIf(missing !== undefined)(title('exits 1 printing the 403 when signed with another key'), async () => {
      const result = await run(command, [...args, wrongKeyFile, EMAIL]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/403/);
      expect(result.stderr).toContain('Server failed to process provided access token');
      expect(result.stderr).toContain('bad signature');
      expect(controls.journal().map((entry) => [entry.operationId, entry.status])).toEqual([['lookupUser', 403]]);
    });

    it.skipIf(missing !== undefined)(title('exits 2 with a usage line when given nothing'), async () => {
      const result = await run(command, args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Usage: .*<api-key-file> <email>/);
      expect(controls.journal()).toEqual([]);
    });
  });
});
