#!/usr/bin/env node
/**
 * Builds examples/browser/ into examples/browser/build/: main.ts bundled by esbuild for the browser (with
 * `cloud-admin-fake` taken from this repository's dist/, as the package ships it: run npm run build first), index.html, and msw's worker file copied from the installed
 * msw (not committed: it must match the msw the page is bundled with).
 * Run: npm run example:browser
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'examples', 'browser');
const out = join(source, 'build');
mkdirSync(out, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: [join(source, 'main.ts')],
  outfile: join(out, 'main.js'),
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  alias: { 'cloud-admin-fake': './dist/index.js' },
  logLevel: 'warning',
});
copyFileSync(join(source, 'index.html'), join(out, 'index.html'));
const msw = dirname(createRequire(import.meta.url).resolve('msw/package.json'));
copyFileSync(join(msw, 'lib', 'mockServiceWorker.js'), join(out, 'mockServiceWorker.js'));
process.stdout.write('built examples/browser/build/ (index.html, main.js, mockServiceWorker.js)\n');
