/** The standalone server holds V8's heap growth to 1.5x only for a world that starts large. */
import { describe, expect, it } from 'vitest';
import { boundHeapGrowth, heapGrowthFlag, LARGE_HEAP_BYTES } from '../../src/server/heap-growth.js';

describe('heap growth of the standalone server', () => {
  it('is left to V8 for a heap below the bound, such as the default world', () => {
    expect(heapGrowthFlag(7 * 1024 * 1024)).toBeUndefined();
    expect(heapGrowthFlag(LARGE_HEAP_BYTES - 1)).toBeUndefined();
    expect(boundHeapGrowth(LARGE_HEAP_BYTES - 1)).toBeUndefined();
  });

  it('is held at 50% from the bound on, such as a world of 100,000 users', () => {
    expect(heapGrowthFlag(LARGE_HEAP_BYTES)).toBe('--heap-growing-percent=50');
    expect(heapGrowthFlag(58 * 1024 * 1024)).toBe('--heap-growing-percent=50');
  });
});
