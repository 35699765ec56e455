/**
 * What importing the in-process entry loads in Node (timings are npm run bench's, bench/import-time.mjs): msw's HTTP
 * core, faker and the fake's own modules; no Express, YAML parser, ajv, jose, certificate library or Node built-in.
 * ajv loads at the first validator, jose at the first token, the rest only with cloud-admin-fake/server.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A module resolve hook that prints every URL it resolves, one per line, on stderr. */
const HOOK = `data:text/javascript,${encodeURIComponent(
  'export async function resolve(specifier, context, next) { const result = await next(specifier, context); process.stderr.write(`resolved ${result.url}\\n`); return result; }',
)}`;

/** The packages (by name) and node: built-ins a fresh Node process resolves while it runs `code` (an ES module). */
function loadedBy(code: string): string[] {
  const script = `import { register } from 'node:module'; register(${JSON.stringify(HOOK)}); ${code}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const names = [...run.stderr.matchAll(/^resolved (\S+)$/gm)].map(([, url = '']) =>
    url.startsWith('node:') ? url : (/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? 'the package'),
  );
  return [...new Set(names)].sort();
}

describe('importing cloud-admin-fake in Node', () => {
  it('loads msw, faker and the package, and nothing heavy or Node-only', () => {
    const loaded = loadedBy("await import('./dist/index.js');");
    expect(loaded).toContain('the package');
    expect(loaded).toContain('msw');
    expect(loaded).toContain('@faker-js/faker');
    for (const name of ['express', 'js-yaml', 'ajv', 'ajv-formats', 'jose', '@peculiar/x509'])
      expect(loaded).not.toContain(name);
    expect(loaded.filter((name) => name.startsWith('node:'))).toEqual([]);
  });

  it('loads jose for the first token, and the server entry loads Express (the check can tell)', () => {
    const signed = loadedBy("const { createFake } = await import('./dist/index.js'); await createFake().token();");
    expect(signed).toContain('jose');
    expect(loadedBy("await import('./dist/server.js');")).toEqual(expect.arrayContaining(['express', 'node:http']));
  });
});
