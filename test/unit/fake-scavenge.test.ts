/**
 * A fake no longer referenced is garbage at the next scavenge. Its `handlers` getter is one function shared by every
 * fake: a getter per fake gave each fake a hidden class of its own, in the old generation and pointing at the fake, so
 * every fake made since the last full collection was copied by each scavenge (about 30 KB a fake).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../support/control.js';
import { run } from '../support/processes.js';

/** Makes `count` fakes and drops them, in a node of its own, and returns the bytes the next scavenge kept. */
async function survivedAfter(count: number): Promise<number> {
  const entry = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
  const script = `const { createFake } = await import(${JSON.stringify(entry)});
for (let i = 0; i < 100; i++) createFake({ seed: 10_000 + i });
globalThis.gc(); globalThis.gc({ type: 'minor' }); globalThis.gc({ type: 'minor' });
console.log('MARK');
for (let i = 0; i < ${count}; i++) createFake({ seed: 20_000 + i });
globalThis.gc({ type: 'minor' });`;
  const { code, stdout, stderr } = await run(
    process.execPath,
    ['--expose-gc', '--trace-gc-nvp', '--input-type=module', '--eval', script],
    { timeoutMs: 60_000 },
  );
  expect(code, stderr).toBe(0);
  const after = stdout.slice(stdout.indexOf('MARK'));
  const survived = /gc=s .*?new_space_survived=(\d+)/.exec(after)?.[1];
  if (survived === undefined) throw new Error(`no scavenge traced after the fakes:\n${stdout}\n${stderr}`);
  return Number(survived);
}

describe('a dropped fake', () => {
  beforeAll(ensureBuilt);

  it('keeps its handlers as an enumerable getter, made once, on first read', async () => {
    const { createFake } = await import('../../src/index.js');
    const fake = createFake({ seed: 7 });
    expect(Object.keys(fake)).toContain('handlers');
    expect(Object.getOwnPropertyDescriptor(fake, 'handlers')).toMatchObject({ enumerable: true, configurable: true });
    const handlers = fake.handlers;
    expect(handlers).toHaveLength(1);
    expect(fake.handlers).toBe(handlers);
    expect(createFake({ seed: 7 }).handlers).not.toBe(handlers);
  });

  it('is not kept by the next scavenge', async () => {
    const few = await survivedAfter(10);
    const many = await survivedAfter(40);
    // 30 more fakes kept would be about 900 KB more; what does survive (the shared caches, faker's state) does not
    // grow with the number of fakes.
    expect(many - few).toBeLessThan(400 * 1024);
    expect(many).toBeLessThan(700 * 1024);
  });
});
