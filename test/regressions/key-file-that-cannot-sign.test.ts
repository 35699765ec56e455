/**
 * Regression: EC, Ed25519, RSA-PSS or short RSA keys, or an empty accessID, started the server, which then refused
 * every token as "bad signature"; and a start that failed on a bad accessKey rewrote the key file first. Such a key
 * file is now refused at start with one line naming the problem, and the file is left as it was.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAccessKey } from '../../src/core/api-key.js';
import { startServer } from '../../src/server/start-server.js';

const dir = mkdtempSync(join(tmpdir(), 'cloud-admin-bad-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pem = (type: 'ec' | 'ed25519' | 'rsa-pss' | 'rsa', bits?: number): string => {
  const options = type === 'ec' ? { namedCurve: 'P-256' } : type === 'ed25519' ? {} : { modulusLength: bits ?? 2048 };
  const { privateKey } = generateKeyPairSync(type as 'rsa', options as { modulusLength: number });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
};

describe('a key file whose key cannot sign RS256', () => {
  it.each([
    ['an EC key', () => ({ accessKey: pem('ec') }), 'its accessKey is a ec key; RS256 needs an RSA key'],
    ['an Ed25519 key', () => ({ accessKey: pem('ed25519') }), 'its accessKey is a ed25519 key; RS256 needs an RSA key'],
    ['an RSA-PSS key', () => ({ accessKey: pem('rsa-pss') }), 'its accessKey is a rsa-pss key; RS256 needs an RSA key'],
    [
      'a 1024-bit RSA key',
      () => ({ accessKey: pem('rsa', 1024) }),
      'its accessKey is an RSA key of 1024 bits; RS256 needs at least 2048',
    ],
    ['an empty accessID', () => ({ accessID: ' ' }), 'its accessID is empty'],
    ['no PEM at all', () => ({ accessKey: 'not a key' }), 'its accessKey is not a PEM private key'],
  ])('refuses %s at start with one line, and leaves the file as it was', async (name, change, problem) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.key`);
    const file = {
      customerName: 'Example Corp',
      accessID: 'a1b2c3',
      accessKey: generateAccessKey(),
      // Another URL than the server's: the old code rewrote the file to point here before it failed.
      adminRestApiUrl: 'https://elsewhere.example/AdminInterface/restapi/',
      description: 'test',
      ...change(),
    };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    writeFileSync(path, text, { mode: 0o600 });
    const started = startServer({ port: 0, keyFile: path });
    await expect(started).rejects.toThrow(`Failed to load key file ${path}: ${problem}`);
    const message = await started.catch((error: unknown) => (error as Error).message);
    expect(message).not.toContain('\n');
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
