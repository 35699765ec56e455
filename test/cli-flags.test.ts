/** The command line: -h/--help, -p, --version, one-line runtime errors, a key file per port, and --log. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readApiKeyFile } from '../src/server/key-file.js';
import { lookupJane } from './support/vendor-call.js';
import { ensureBuilt, listeningUrl, ROOT, stopCli, type CliRun } from './support/control.js';

const JANE = 'jane.doe@example.com';

/** Runs the built CLI in `cwd`. */
function cli(args: string[], cwd: string): CliRun {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

const lookup = lookupJane;

describe('the command line', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([['-h'], ['--help']])('prints the usage for %s and exits 0', async (flag) => {
    const run = cli([flag], dir);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(/^Usage: cloud-admin-fake \[options\]\n/);
    expect(run.stdout()).toContain('-p, --port <n>');
    expect(run.stdout()).toContain('--log');
    expect(run.stderr()).toBe('');
  });

  it('prints the package version for --version', async () => {
    const run = cli(['--version'], dir);
    expect(await run.exited).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run.stdout()).toBe(`${pkg.version}\n`);
  });

  it('prints one line and no usage when the port is taken, and exits 2', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const run = cli(['-p', String(port)], dir);
      expect(await run.exited).toBe(2);
      expect(run.stderr()).toMatch(/^cloud-admin-fake: .*EADDRINUSE.*\n$/);
      expect(run.stderr().split('\n')).toHaveLength(2);
      expect(run.stderr()).not.toContain('Usage');
    } finally {
      blocker.close();
    }
  });

  it('still prints the usage after a bad flag, and exits 2', async () => {
    const run = cli(['--nope'], dir);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('Usage: cloud-admin-fake');
  });

  it('runs two servers in one folder on -p 0, each with the key file it printed, both working', async () => {
    const first = cli(['-p', '0', '--log'], dir);
    const second = cli(['--port', '0', '--scenario', 'user-missing'], dir);
    try {
      const [url1, url2] = await Promise.all([listeningUrl(first), listeningUrl(second)]);
      const keyOf = (run: CliRun, url: string): string => {
        const path = /key file (\S+) \(created\)/.exec(run.stdout())?.[1] ?? '';
        expect(path).toBe(`.fake/api-${new URL(url).port}.key`);
        return join(dir, path);
      };
      const key1 = readApiKeyFile(keyOf(first, url1));
      const key2 = readApiKeyFile(keyOf(second, url2));
      expect(key1.adminRestApiUrl).toBe(`${url1}/AdminInterface/restapi/`);
      expect(key2.adminRestApiUrl).toBe(`${url2}/AdminInterface/restapi/`);
      expect(await lookup(key1)).toMatchObject({ status: 200, body: { emailAddress: JANE } });
      expect(await lookup(key2)).toMatchObject({ status: 404, body: { description: `User ${JANE} not found` } });
      const anonymous = await fetch(`${key1.adminRestApiUrl}v1/users/lookup`, { method: 'POST', body: '{}' });
      expect(anonymous.status).toBe(403);

      // --log: one line per request, with time, method, path, operationId, status, duration and reason.
      // The line is written once the answer is sent, so it may reach our pipe just after the response.
      const logged = (): string[] =>
        first
          .stdout()
          .split('\n')
          .filter((line) => line.includes(' POST /AdminInterface/'));
      for (let waited = 0; logged().length < 2 && waited < 5000; waited += 50) await sleep(50);
      const lines = logged();
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z POST \/AdminInterface\/restapi\/v1\/users\/lookup lookupUser 200 \d+\.\dms -$/,
      );
      expect(lines[1]).toMatch(
        /^\S+ POST \/AdminInterface\/restapi\/v1\/users\/lookup lookupUser 403 \d+\.\dms missing Authorization header$/,
      );
      expect(second.stdout()).not.toMatch(/ POST \/AdminInterface\//);
    } finally {
      await Promise.all([stopCli(first), stopCli(second)]);
    }
  });
});
