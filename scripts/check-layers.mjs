// Checks the layering of src/: each folder imports only the layers below it, and no module imports itself back
// through others at run time (type-only imports are erased by the compiler, so they cannot form a cycle).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** What each folder may import (besides itself); top-level files (the entries) may import anything. */
const ALLOWED = {
  generated: [],
  core: ['generated'],
  domain: ['core', 'generated'],
  'cloud-admin': ['domain', 'core', 'generated'],
  testing: ['domain', 'core', 'generated'],
  'control-plane': ['testing', 'domain', 'core', 'generated'],
  adapters: ['core'],
  server: ['adapters', 'control-plane', 'cloud-admin', 'testing', 'domain', 'core', 'generated'],
};

const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((name) => name.endsWith('.ts'));
const layerOf = (file) => (file.includes('/') ? file.split('/')[0] : '.');
const problems = [];
const runtimeEdges = new Map();

for (const file of files) {
  const text = readFileSync(join(SRC, file), 'utf8');
  const edges = [];
  for (const match of text.matchAll(
    /^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/gms,
  )) {
    const specifier = match[2] ?? match[3];
    const target = relative(SRC, resolve(dirname(join(SRC, file)), specifier)).replace(/\.js$/, '.ts');
    const from = layerOf(file);
    const to = layerOf(target);
    if (from !== '.' && to !== from && !(ALLOWED[from] ?? []).includes(to)) {
      problems.push(`${file} imports ${target}: ${from}/ may import only ${ALLOWED[from]?.join(', ') || 'nothing'}`);
    }
    if (match[1] === undefined) edges.push(target);
  }
  runtimeEdges.set(file, edges);
}

// Depth-first search for a cycle of run-time imports.
const state = new Map();
const visit = (file, path) => {
  if (state.get(file) === 'done') return;
  if (state.get(file) === 'open') {
    problems.push(`import cycle: ${[...path.slice(path.indexOf(file)), file].join(' -> ')}`);
    return;
  }
  state.set(file, 'open');
  for (const next of runtimeEdges.get(file) ?? []) visit(next, [...path, file]);
  state.set(file, 'done');
};
for (const file of files) visit(file, []);

if (problems.length > 0) {
  process.stderr.write(`check-layers: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`check-layers: ${files.length} modules, layers respected, no run-time import cycle\n`);
