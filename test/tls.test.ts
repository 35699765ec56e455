/**
 * --tls: a self-signed certificate written next to the key file and reused, an https adminRestApiUrl, and
 * clients that verify the certificate (Node, curl, Python, the examples) succeed once they trust it and fail
 * when they do not.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { readApiKeyFile, writeApiKeyFile } from '../src/server/key-file.js';
import { type ApiKeyFile } from '../src/core/api-key.js';
import { signToken } from '../src/core/sign-token.js';
import { isReusable, loadOrCreateCertificate } from '../src/server/tls.js';
import { EXAMPLES, PYTHON_MISSING, ROOT, findPython, killChildren, run, start, works } from './support/processes.js';

const EMAIL = 'jane.doe@example.com';
const CERT_NAME = 'cloud-admin-fake.cert.pem';
const KEY_NAME = 'cloud-admin-fake.cert-key.pem';

/**
 * POSTs v1/users/lookup over https with Node, trusting `ca` (or only the default roots when undefined); the
 * certificate is checked against `servername` when given (connecting to the same address), else the URL's host.
 */
async function lookup(
  apiKey: ApiKeyFile,
  ca: string | undefined,
  servername?: string,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(`${apiKey.adminRestApiUrl}v1/users/lookup`);
  const token = await signToken(apiKey);
  const payload = JSON.stringify({ email: EMAIL });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ...(ca !== undefined && { ca }),
        ...(servername !== undefined && { servername }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

describe('the standalone server with tls: true', () => {
  let dir: string;
  let keyFile: string;
  let server: RunningServer;
  let certPem: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-tls-'));
    keyFile = join(dir, 'api.key');
    server = await startServer({ port: 0, tls: true, keyFile });
    certPem = readFileSync(join(dir, CERT_NAME), 'utf8');
  });
  afterAll(async () => {
    killChildren();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed before assigning it
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves https: the key file on disk names an https adminRestApiUrl', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const onDisk = readApiKeyFile(keyFile);
    expect(onDisk.adminRestApiUrl).toBe(`${server.url}/AdminInterface/restapi/`);
    expect(onDisk.adminRestApiUrl).toMatch(/^https:\/\//);
  });

  it('writes the certificate and its key next to the key file, the key readable by its owner only', () => {
    expect(server.certificate?.certPath).toBe(join(dir, CERT_NAME));
    expect(server.certificate?.keyPath).toBe(join(dir, KEY_NAME));
    expect(certPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(certPem).toBe(server.certificate?.cert);
    expect(statSync(join(dir, KEY_NAME)).mode & 0o077).toBe(0);
    expect(server.notes.join('\n')).toContain(`TLS certificate ${join(dir, CERT_NAME)}`);
  });

  it('answers a Node client that trusts the certificate, at 127.0.0.1 and at localhost', async () => {
    const viaIp = await lookup(server.apiKey, certPem);
    expect(viaIp.status).toBe(200);
    expect(viaIp.body).toMatchObject({ emailAddress: EMAIL, emergencyAccessStatus: 'Disabled' });
    const viaName = await lookup(server.apiKey, certPem, 'localhost');
    expect(viaName.status).toBe(200);
    expect(viaName.body).toMatchObject({ emailAddress: EMAIL });
  });

  it('is refused by a Node client that trusts the certificate but expects another host name', async () => {
    await expect(lookup(server.apiKey, certPem, 'other.example.test')).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('is refused by a Node client that does not trust the certificate', async () => {
    await expect(lookup(server.apiKey, undefined)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('reuses the certificate and the key file on the next start', async () => {
    const before = readApiKeyFile(keyFile);
    const again = await startServer({ port: 0, tls: true, keyFile });
    try {
      expect(again.certificate?.cert).toBe(certPem);
      expect(readFileSync(join(dir, CERT_NAME), 'utf8')).toBe(certPem);
      expect(again.apiKey.accessID).toBe(before.accessID);
      expect(again.apiKey.accessKey).toBe(before.accessKey);
      expect(again.apiKey.adminRestApiUrl).toBe(`${again.url}/AdminInterface/restapi/`);
      const answer = await lookup(again.apiKey, certPem);
      expect(answer.status).toBe(200);
    } finally {
      await again.close();
      // Back to the first server's URL for the tests that read the key file.
      writeApiKeyFile(keyFile, server.apiKey);
    }
  });

  describe('the examples verify the certificate', () => {
    const python = findPython();
    const hasCurl = works('curl', ['--version']) && works('openssl', ['version']);
    const code = /^emergencyTokencode: ([0-9A-Z]{8})$/m;

    it('fetch-client.mjs succeeds with NODE_EXTRA_CA_CERTS and fails without', async () => {
      const script = join(EXAMPLES, 'fetch-client.mjs');
      const trusted = await run(process.execPath, [script, keyFile, EMAIL], {
        env: { NODE_EXTRA_CA_CERTS: join(dir, CERT_NAME) },
      });
      expect(trusted.stderr).toBe('');
      expect(trusted.stdout).toMatch(code);
      expect(trusted.stdout).toContain(`aud ${server.url}/AdminInterface/restapi/`);
      const untrusted = await run(process.execPath, [script, keyFile, EMAIL]);
      expect(untrusted.code).toBe(1);
      expect(untrusted.stderr).toMatch(/self[- ]signed certificate/);
      expect(untrusted.stdout).not.toMatch(code);
    });

    it.skipIf(!hasCurl)(
      `curl-openssl.sh succeeds with CA_CERT (curl --cacert) and fails without${hasCurl ? '' : ' (SKIPPED: no curl or openssl)'}`,
      async () => {
        const script = join(EXAMPLES, 'curl-openssl.sh');
        const trusted = await run('bash', [script, keyFile, EMAIL], { env: { CA_CERT: join(dir, CERT_NAME) } });
        expect(trusted.stderr).toBe('');
        expect(trusted.stdout).toMatch(code);
        const untrusted = await run('bash', [script, keyFile, EMAIL]);
        expect(untrusted.code).toBe(1);
        expect(untrusted.stderr).toMatch(/SSL certificate problem: self[- ]signed certificate/);
        expect(untrusted.stdout).not.toMatch(code);
      },
    );

    it.skipIf(!python)(
      `python_client.py succeeds with REQUESTS_CA_BUNDLE and fails without${python ? '' : ` (SKIPPED: ${PYTHON_MISSING})`}`,
      async () => {
        const script = join(EXAMPLES, 'python_client.py');
        const trusted = await run(python ?? 'python3', [script, keyFile, EMAIL], {
          env: { REQUESTS_CA_BUNDLE: join(dir, CERT_NAME) },
        });
        expect(trusted.stderr).toBe('');
        expect(trusted.stdout).toMatch(code);
        expect(trusted.stdout).toContain(`aud ${server.url}, valid 3600 s`);
        const untrusted = await run(python ?? 'python3', [script, keyFile, EMAIL]);
        expect(untrusted.code).toBe(1);
        expect(untrusted.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
        expect(untrusted.stdout).not.toMatch(code);
      },
    );

    it.skipIf(!hasCurl)(`plain curl --cacert reaches the API${hasCurl ? '' : ' (SKIPPED: no curl)'}`, async () => {
      const token = await signToken(server.apiKey);
      const answer = await run('curl', [
        '--silent',
        '--show-error',
        '--max-time',
        '10',
        '--cacert',
        join(dir, CERT_NAME),
        '--header',
        `Authorization: Bearer ${token}`,
        '--header',
        'Content-Type: application/json',
        '--data',
        JSON.stringify({ email: EMAIL }),
        `${server.apiKey.adminRestApiUrl}v1/users/lookup`,
      ]);
      expect(answer.code, answer.stderr).toBe(0);
      expect(JSON.parse(answer.stdout)).toMatchObject({ emailAddress: EMAIL });
    });
  });
});

describe('certificate reuse rules', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-cert-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names localhost, 127.0.0.1, ::1 and the bound host, and is reused only while it names the host and is valid', async () => {
    const keyFile = join(dir, 'api.key');
    const first = await loadOrCreateCertificate(keyFile, 'fake.example.test');
    expect(isReusable(first.cert, 'fake.example.test')).toBe(true);
    expect(isReusable(first.cert, 'localhost')).toBe(true);
    expect(isReusable(first.cert, '127.0.0.1')).toBe(true);
    expect(isReusable(first.cert, '::1')).toBe(true);
    expect(isReusable(first.cert, '0.0.0.0')).toBe(true);
    expect(isReusable(first.cert, 'other.example.test')).toBe(false);
    expect(isReusable(first.cert, '192.0.2.10')).toBe(false);
    expect(isReusable(first.cert, '127.0.0.1', Date.now() + 900 * 86_400_000)).toBe(false);
    expect(isReusable('not a certificate', '127.0.0.1')).toBe(false);

    expect((await loadOrCreateCertificate(keyFile, 'fake.example.test')).cert).toBe(first.cert);
    const other = await loadOrCreateCertificate(keyFile, 'other.example.test');
    expect(other.cert).not.toBe(first.cert);
    expect(isReusable(other.cert, 'other.example.test')).toBe(true);
    expect(readFileSync(join(dir, CERT_NAME), 'utf8')).toBe(other.cert);
  });
});

describe('the CLI with --tls', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-cli-tls-'));
  });
  afterAll(() => {
    killChildren();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the certificate path and an https adminRestApiUrl, and serves a client that trusts it', async () => {
    const cli = join(ROOT, 'dist', 'cli.js');
    expect(existsSync(cli), 'dist/cli.js is missing: run npm run build first').toBe(true);
    const keyFile = join(dir, 'api.key');
    const running = await start(
      process.execPath,
      [cli, '--tls', '--port', '0', '--key-file', keyFile],
      /listening on https:\/\/127\.0\.0\.1:\d+\n/,
    );
    try {
      const certPath = join(dir, CERT_NAME);
      expect(running.stdout()).toContain(`cloud-admin-fake: TLS certificate ${certPath}`);
      expect(running.stdout()).toMatch(/adminRestApiUrl https:\/\/127\.0\.0\.1:\d+\/AdminInterface\/restapi\//);
      expect(existsSync(certPath)).toBe(true);
      const apiKey = readApiKeyFile(keyFile);
      expect(running.stdout()).toContain(`adminRestApiUrl ${apiKey.adminRestApiUrl}`);
      const answer = await lookup(apiKey, readFileSync(certPath, 'utf8'));
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ emailAddress: EMAIL });
    } finally {
      await running.stop();
    }
    expect(running.child.exitCode ?? running.child.signalCode).not.toBeNull();
  });
});
