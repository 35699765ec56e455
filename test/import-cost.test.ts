/**
 * What importing the in-process entry loads in Node (timings are npm run bench's, bench/import-time.mjs): the fake's
 * own modules; no msw, Express, YAML parser, ajv, faker, jose, certificate library or Node built-in. msw loads with
 * the first handlers (the project's own instance), faker with the first world that draws more names than the
 * committed snapshot of the default seed holds, ajv at the first validator, jose at the first token, the rest only with cloud-admin-fake/server.
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

/** Runs `code` (an ES module) in a fresh Node process from the project root; returns what it printed. */
function run(code: string): string {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return child.stdout;
}

/**
 * How many files whose path holds `part` Node's require cache holds after `setup`, and whether there are more after
 * `action` (require() goes past the resolve hook, so its cache tells what a loader required on first use).
 */
function requiredAround(part: string, setup: string, action: string): { before: number; after: boolean } {
  const script =
    "import { createRequire } from 'node:module'; const { createFake } = await import('./dist/index.js'); " +
    `const count = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes(${JSON.stringify(part)})).length; ` +
    `${setup} const before = count(); ${action} console.log(JSON.stringify({ before, after: count() > before }));`;
  return JSON.parse(run(script)) as { before: number; after: boolean };
}

describe('importing cloud-admin-fake in Node', () => {
  it('loads the package, and nothing heavy or Node-only', () => {
    const loaded = loadedBy("await import('./dist/index.js');");
    expect(loaded).toEqual(['the package']);
    for (const name of ['msw', 'express', 'js-yaml', 'ajv', 'ajv-formats', '@faker-js/faker', 'jose', '@peculiar/x509'])
      expect(loaded).not.toContain(name);
    expect(loaded.filter((name) => name.startsWith('node:'))).toEqual([]);
  });

  it("loads faker with the first world that draws names past the default seed's snapshot, from Node's module cache", () => {
    // The default world (seed 1, 25 seeded users) takes its names from src/generated/seed-names.ts.
    expect(requiredAround('@faker-js', 'createFake();', 'createFake({ seed: 2 });')).toEqual({
      before: 0,
      after: true,
    });
    expect(requiredAround('@faker-js', 'createFake();', 'createFake({ users: 200 });')).toEqual({
      before: 0,
      after: true,
    });
  });

  it("makes its handlers from the project's own msw instance, loaded when they are first read", () => {
    const script =
      "const { RequestHandler } = await import('msw'); const { createFake } = await import('./dist/index.js'); " +
      'const fake = createFake(); console.log(JSON.stringify(fake.handlers.map((h) => h instanceof RequestHandler)));';
    expect(JSON.parse(run(script))).toEqual([true]);
    // And not before: the module cache holds msw's core only once the handlers were read.
    expect(requiredAround('/msw/', 'const fake = createFake();', 'void fake.handlers;')).toEqual({
      before: 0,
      after: true,
    });
  });

  it('loads jose for the first token, and the server entry loads Express (the check can tell)', () => {
    const signed = loadedBy("const { createFake } = await import('./dist/index.js'); await createFake().token();");
    expect(signed).toContain('jose');
    expect(loadedBy("await import('./dist/server.js');")).toEqual(expect.arrayContaining(['express', 'node:http']));
  });
});
