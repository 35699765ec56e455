/** When a test fails, the vitest helper prints the requests of that test (vitest's onTestFailed). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

it('prints the journal of the failed test only', async () => {
  const output = await new Promise<{ code: number; text: string }>((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/fixtures/vitest.fixture.config.ts'],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? 1 : 0, text: `${stdout}\n${stderr}` }),
    );
  });
  expect(output.code).toBe(1);
  expect(output.text).toContain('1 failed');
  expect(output.text).toContain('2 passed');
  expect(output.text).toContain('cloud-admin-fake: the requests of this test (oldest first):');
  expect(output.text).toMatch(
    /#1 lookupUser POST \/AdminInterface\/restapi\/v1\/users\/lookup \{"email":"nobody@example\.com"\} -> 404/,
  );
  expect(output.text.match(/the requests of this test/g)).toHaveLength(1);
  // Only the failed test's requests: the passing test before it looked jane up.
  expect(output.text).not.toContain('jane.doe@example.com');
});
