#!/usr/bin/env node
/**
 * Import time of the in-process entry against msw/node's, each in fresh node processes (median of `runs`): the time
 * `await import(...)` takes in a process that imported nothing else. Needs `npm run build` (it imports dist/).
 * Run: node bench/import-time.mjs [runs]; or import { measureImportTime } from './import-time.mjs'.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;

/** Milliseconds one fresh process takes to import `specifier`, after importing `before` (untimed) when given. */
function importOnce(specifier, before) {
  const first = before === undefined ? '' : `await import(${JSON.stringify(before)}); `;
  const code = `${first}const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
  });
  return Number(out);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * The median import time in ms of `cloud-admin-fake` (dist/index.js) and of `msw/node`, alternated process by process
 * so both see the same machine load, and their ratio; and the fake's own share: its import in a process that has
 * already imported msw/node, as a test file that calls setupServer has (msw is the fake's peer dependency).
 */
export function measureImportTime({ runs = 9 } = {}) {
  const fake = [];
  const msw = [];
  const fakeAfterMsw = [];
  for (let i = 0; i < runs; i++) {
    fake.push(importOnce(ENTRY));
    msw.push(importOnce('msw/node'));
    fakeAfterMsw.push(importOnce(ENTRY, 'msw/node'));
  }
  const result = { runs, fakeMs: median(fake), mswNodeMs: median(msw), fakeAfterMswNodeMs: median(fakeAfterMsw) };
  return { ...result, ratio: result.fakeMs / result.mswNodeMs };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { runs, fakeMs, mswNodeMs, fakeAfterMswNodeMs, ratio } = measureImportTime({
    runs: Number(process.argv[2] ?? 9),
  });
  process.stdout.write(
    `import time, median of ${runs} fresh processes: cloud-admin-fake ${fakeMs.toFixed(1)} ms, msw/node ${mswNodeMs.toFixed(1)} ms (ratio ${ratio.toFixed(2)}); cloud-admin-fake after msw/node ${fakeAfterMswNodeMs.toFixed(1)} ms\n`,
  );
}
