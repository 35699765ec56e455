// Bundles the command line as tsc wrote it (dist/cli.js and the project modules it imports) into dist/cli.js and
// dist/cli-chunks/, so a start loads a handful of files instead of about 80: Node 20's ES module loader resolves,
// reads, compiles and links each file on its own, about a third of a start. Packages stay external (resolved from
// node_modules as before, still loaded on first use); what the start imports later (the control plane, Express, TLS,
// the subcommands) becomes chunks loaded when first needed, and code shared by both is one chunk, so every module is
// still one instance in the process. The package's other entries (dist/index.js, dist/server.js) are not touched.
// Chunks sit one folder below dist/, as the modules tsc wrote do, so a path a module makes from its own URL (the
// pages in dist/pages/) means the same in a chunk. Each file is written beside its place and renamed into it.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const CHUNKS = 'cli-chunks';

const result = await build({
  absWorkingDir: root,
  entryPoints: [join(dist, 'cli.js')],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  // No keepNames: it wraps every function in a call that redefines its `name`, and for a closure made per request
  // (the listener's) that runs Object.defineProperty on every request, a slow path of V8. The errors name
  // themselves (`override name = ...`), so nothing reads a function's name; bundling may rename a clash (Tenant2).
  outdir: dist,
  entryNames: '[name]',
  chunkNames: `${CHUNKS}/[name]-[hash]`,
  write: false,
  logLevel: 'warning',
});

mkdirSync(join(dist, CHUNKS), { recursive: true });
const written = new Set();
for (const file of result.outputFiles) {
  const temporary = join(dirname(file.path), `.${basename(file.path)}.${process.pid}`);
  writeFileSync(temporary, file.contents, { mode: file.path === join(dist, 'cli.js') ? 0o755 : 0o644 });
  renameSync(temporary, file.path);
  written.add(file.path);
}
// Chunks of an earlier build are left by their hashed names: remove them.
for (const name of readdirSync(join(dist, CHUNKS))) {
  const path = join(dist, CHUNKS, name);
  if (!written.has(path)) rmSync(path, { force: true });
}
if (!written.has(join(dist, 'cli.js'))) throw new Error('bundle-cli: esbuild wrote no dist/cli.js');
process.stdout.write(
  `bundle-cli: dist/cli.js and ${written.size - 1} chunks in ${relative(root, join(dist, CHUNKS))}/\n`,
);
