/** The standalone server holds V8's heap growth to 1.5x only for a world that starts large. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { heapGrowthFlag, LARGE_HEAP_BYTES } from '../../src/server/heap-growth.js';
import { ensureBuilt, ROOT } from '../support/control.js';
import { run } from '../support/processes.js';

/**
 * Calls the built boundHeapGrowth(heapUsed) in a node of its own (the flag is the whole process's), collects twice,
 * and returns what it returned and the factors V8's heap controller set the old generation's next limits with.
 */
async function factorsAfter(heapUsed: number): Promise<{ flag: string; factors: string[]; stderr: string }> {
  const module = pathToFileURL(join(ROOT, 'dist', 'server', 'heap-growth.js')).href;
  const script = `const { boundHeapGrowth } = await import(${JSON.stringify(module)});
console.log('flag ' + boundHeapGrowth(${heapUsed}));
globalThis.gc(); globalThis.gc();`;
  const { code, stdout, stderr } = await run(process.execPath, [
    '--expose-gc',
    '--trace-gc-verbose',
    '--input-type=module',
    '--eval',
    script,
  ]);
  expect(code, stderr).toBe(0);
  const flag = /^flag (.*)$/m.exec(stdout)?.[1] ?? '';
  const factors = [...stdout.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)$/gm)].map((match) => match[1] ?? '');
  return { flag, factors, stderr };
}

describe('heap growth of the standalone server', () => {
  beforeAll(ensureBuilt);

  it('is left to V8 for a heap below the bound, such as the default world', async () => {
    expect(heapGrowthFlag(7 * 1024 * 1024)).toBeUndefined();
    const { flag, factors, stderr } = await factorsAfter(LARGE_HEAP_BYTES - 1);
    expect(flag).toBe('undefined');
    expect(factors.length).toBeGreaterThanOrEqual(2);
    expect(factors).not.toContain('1.5');
    expect(stderr).toBe('');
  });

  it('is held at 1.5x from the bound on, from the next full collection, and V8 takes the flag', async () => {
    expect(heapGrowthFlag(58 * 1024 * 1024)).toBe('--heap-growing-percent=50');
    const { flag, factors, stderr } = await factorsAfter(LARGE_HEAP_BYTES);
    expect(flag).toBe('--heap-growing-percent=50');
    expect(factors.length).toBeGreaterThanOrEqual(2);
    expect(new Set(factors)).toEqual(new Set(['1.5']));
    expect(stderr).not.toMatch(/unrecognized flag/i);
    expect(stderr).toBe('');
  });
});
