/** Key files on disk: written whole (a temporary file renamed into place), readable by the owner only. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyFile, generateAccessKey } from '../../src/core/api-key.js';
import { readApiKeyFile, writeApiKeyFile } from '../../src/server/key-file.js';

describe('writeApiKeyFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-key-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (adminRestApiUrl: string) =>
    createApiKeyFile({
      customerName: 'Example Corp',
      accessID: 'key-file-test',
      adminRestApiUrl,
      accessKey: generateAccessKey(),
    });

  it('replaces a key file by renaming a new one into place, so a reader never sees half of it', () => {
    const path = join(dir, 'folder', 'api.key');
    writeApiKeyFile(path, file('http://127.0.0.1:1/AdminInterface/restapi/'));
    const before = statSync(path).ino;
    writeApiKeyFile(path, file('http://127.0.0.1:2/AdminInterface/restapi/'));
    // A new inode: the old file was replaced whole, not truncated and rewritten in place.
    expect(statSync(path).ino).not.toBe(before);
    expect(readApiKeyFile(path).adminRestApiUrl).toBe('http://127.0.0.1:2/AdminInterface/restapi/');
    expect(readFileSync(path, 'utf8')).toMatch(/\n$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'folder'))).toEqual(['api.key']);
  });

  it('fails with the path and leaves no temporary file when the folder cannot be written', () => {
    const path = join(dir, 'api.key', 'nested.key');
    writeApiKeyFile(join(dir, 'api.key'), file('http://127.0.0.1:1/AdminInterface/restapi/'));
    expect(() => writeApiKeyFile(path, file('http://127.0.0.1:1/AdminInterface/restapi/'))).toThrow(
      `Failed to write key file ${path}: `,
    );
    expect(readdirSync(dir).sort()).toEqual(['api.key', 'folder']);
  });
});
