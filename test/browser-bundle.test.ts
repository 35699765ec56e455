/**
 * The in-process entries run in a browser: bundled by esbuild for the browser (msw and vitest left to the user's
 * bundler), they pull in no Node built-in (esbuild fails on one) and neither Express, a YAML parser nor the
 * certificate library; the Node-only parts are cloud-admin-fake/server's. What ships is bundled: dist/ (npm test
 * builds it first), with package.json's "browser" map applied as the user's bundler applies it.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const NODE_ONLY_PACKAGES = ['express', 'js-yaml', '@peculiar/x509', 'body-parser', 'send'];

/** The packages (and src files) a browser bundle of `entry` contains, and its text. */
async function bundle(entry: string): Promise<{ packages: Set<string>; inputs: string[]; text: string }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['msw', 'msw/*', 'vitest'],
  });
  const inputs = Object.keys(result.metafile.inputs);
  const packages = new Set(
    inputs.flatMap((input) => {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      return match?.[1] === undefined ? [] : [match[1]];
    }),
  );
  return { packages, inputs, text: result.outputFiles[0]?.text ?? '' };
}

describe.each(['dist/index.js', 'dist/vitest.js'])('%s bundled for the browser', (entry) => {
  it('builds with no Node built-in, and carries no Express, YAML parser or server file', async () => {
    const { packages, inputs, text } = await bundle(entry);
    expect([...packages].filter((name) => NODE_ONLY_PACKAGES.includes(name))).toEqual([]);
    expect(
      inputs.filter((input) => input.startsWith('dist/server') || input.includes('dist/adapters/express')),
    ).toEqual([]);
    expect(inputs).toContain('dist/create-fake.js');
    // ajv is bundled (Node loads it on first use with require, which a browser lacks).
    expect(inputs).toContain('dist/core/ajv-load.browser.js');
    expect(inputs).not.toContain('dist/core/ajv-load.js');
    expect(packages).toContain('ajv');
    // faker too, the same way.
    expect(inputs).toContain('dist/domain/faker-load.browser.js');
    expect(inputs).not.toContain('dist/domain/faker-load.js');
    expect(packages).toContain('@faker-js/faker');
    expect(inputs).toContain('dist/adapters/msw-load.browser.js');
    expect(inputs).not.toContain('dist/adapters/msw-load.js');
    // Byte counts: Node's Buffer.byteLength on Node, the counting loop in a browser.
    expect(inputs).toContain('dist/core/utf8-length.browser.js');
    expect(inputs).not.toContain('dist/core/utf8-length.js');
    // What esbuild leaves as imports: only the externals.
    const imported = [...text.matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1]);
    expect(imported.every((name) => name === 'vitest' || name?.startsWith('msw'))).toBe(true);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect(imported.filter((name) => name !== undefined && builtins.has(name))).toEqual([]);
    // Node's globals are no import, so esbuild lets them pass: the package's own files must not use them.
    const nodeGlobals = /\b(?:Buffer|setImmediate|__dirname|__filename|require)\b|(?<![.?])\bprocess\./;
    const usingGlobals = inputs.filter(
      (input) =>
        input.startsWith('dist/') && nodeGlobals.test(readFileSync(input, 'utf8').replace(/^\s*(?:\/\/|\*).*$/gm, '')),
    );
    expect(usingGlobals).toEqual([]);
  });
});

it('fails when an entry does reach a Node built-in (the check can fail)', async () => {
  await expect(bundle('dist/server.js')).rejects.toThrow(/node:|Could not resolve/);
});
