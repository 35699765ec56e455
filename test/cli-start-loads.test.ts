/**
 * What the standalone server loads before it prints "listening on" (its start time is npm run bench's, section 2): no
 * faker (the default world's names come from src/generated/seed-names.ts), no TLS without --tls, and none of the
 * packages only a later request needs (Express, ajv, msw, jose, the certificate library). Each check is shown able
 * to tell: --tls loads TLS, and a seed the snapshot does not hold loads faker. dist/cli.js is a bundle
 * (scripts/bundle-cli.mjs): a few files, not the ~80 modules tsc wrote, and what it loads later still works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, listeningUrl, ROOT, runCli, stopCli } from './support/control.js';

/**
 * Preloaded into the CLI: a resolve hook that prints every URL an import resolves, and, when the CLI writes its
 * "listening on" line, the Node built-ins loaded so far and the files in require's cache (faker and ajv are required
 * on first use, past the hook).
 */
const HOOK = `data:text/javascript,${encodeURIComponent(
  'export async function resolve(specifier, context, next) { const result = await next(specifier, context); process.stderr.write(`resolved ${result.url}\\n`); return result; }',
)}`;
const PROBE = `data:text/javascript,${encodeURIComponent(`
import { createRequire, register } from 'node:module';
register(${JSON.stringify(HOOK)});
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  if (String(chunk).includes('listening on ')) {
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
    const required = Object.keys(createRequire(process.argv[1]).cache);
    process.stderr.write('loaded ' + JSON.stringify({ builtins, required }) + '\\n');
  }
  return write(chunk, ...rest);
};`)}`;

interface Loaded {
  /** Node built-ins by internal id (e.g. `tls`, `_tls_wrap`, `https`). */
  builtins: string[];
  /** Packages (by name) an import resolved or require's cache holds, during the run. */
  packages: string[];
  /** The project's own files an import resolved, relative to dist/. */
  own: string[];
}

const DIST = pathToFileURL(join(ROOT, 'dist/')).href;

const packageOf = (path: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

describe('the standalone server before "listening on"', () => {
  let dir: string;
  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the CLI with `args`, stops it once it listens, and returns what it had loaded. */
  async function loadedBy(args: string[]): Promise<Loaded> {
    const run = runCli(['--port', '0', '--key-file', join(dir, 'api-{port}.key'), ...args], {
      NODE_OPTIONS: `--import=${PROBE}`,
    });
    try {
      await listeningUrl(run);
    } finally {
      await stopCli(run);
    }
    const line = /^loaded (.+)$/m.exec(run.stderr())?.[1];
    expect(line, run.stderr()).toBeDefined();
    const { builtins, required } = JSON.parse(line ?? '{}') as { builtins: string[]; required: string[] };
    const resolved = [...run.stderr().matchAll(/^resolved (\S+)$/gm)].map(([, url = '']) => url);
    const packages = [...required, ...resolved].map(packageOf).filter((name) => name !== undefined);
    const own = resolved.filter((url) => url.startsWith(DIST)).map((url) => url.slice(DIST.length));
    return { builtins, packages: [...new Set(packages)].sort(), own: [...new Set(own)].sort() };
  }

  it('loads neither faker nor TLS, nor a package only a later request needs', async () => {
    const { builtins, packages } = await loadedBy([]);
    expect(builtins).toContain('http');
    for (const name of ['tls', '_tls_wrap', 'https']) expect(builtins).not.toContain(name);
    expect(packages).toEqual([]);
  });

  it('loads TLS with --tls, and faker for a seed the snapshot does not hold (the checks can tell)', async () => {
    const tls = await loadedBy(['--tls']);
    expect(tls.builtins).toEqual(expect.arrayContaining(['tls', 'https']));
    expect(tls.packages).not.toContain('@faker-js/faker');
    const seeded = await loadedBy(['--seed', '2']);
    expect(seeded.packages).toContain('@faker-js/faker');
    expect(seeded.builtins).not.toContain('tls');
  });

  it('is one bundle: dist/cli.js and a few chunks of it, none of the modules tsc wrote', async () => {
    const { own } = await loadedBy([]);
    expect(own).toContain('cli.js');
    const rest = own.filter((path) => path !== 'cli.js');
    expect(rest.length).toBeGreaterThan(0);
    expect(
      rest.every((path) => /^cli-chunks\/[\w-]+\.js$/.test(path)),
      own.join(', '),
    ).toBe(true);
    expect(own.length).toBeLessThan(12);
  });

  it('loads what a later request needs when it comes: the dashboard from dist/pages, a control and a vendor call', async () => {
    const run = runCli(['--port', '0', '--key-file', join(dir, 'later-{port}.key')]);
    try {
      const url = await listeningUrl(run);
      const page = await fetch(`${url}/__fake/ui`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await page.text()).toContain('<title>');
      const clock = await fetch(`${url}/__fake/clock`);
      expect(clock.status).toBe(200);
      expect(await clock.json()).toHaveProperty('now');
      const vendor = await fetch(`${url}/AdminInterface/restapi/v1/users/lookup`, { method: 'POST', body: '{}' });
      expect(vendor.status).toBe(403);
      expect(await vendor.json()).toMatchObject({ status: 403 });
    } finally {
      await stopCli(run);
    }
  });
});
