/** Regression: spent faults were never pruned, nothing capped them, and each POST of one returned the whole list. */
import { describe, expect, it } from 'vitest';
import { createFaultTable, MAX_FAULTS } from '../../src/core/faults.js';
import { createRandom } from '../../src/core/random.js';

describe('the fault table', () => {
  it('drops a fault once it applied all its times', () => {
    const table = createFaultTable();
    table.add({ operationId: 'lookupUser', status: 503, times: 1 });
    table.add({ operationId: 'lookupUser', latencyMs: 5 });
    expect(table.next('lookupUser', createRandom(1))).toMatchObject({ status: 503 });
    expect(table.list()).toEqual([{ operationId: 'lookupUser', latencyMs: 5 }]);
    expect(table.next('lookupUser', createRandom(1))).toEqual({ delayMs: 5 });
  });

  it(`holds at most ${MAX_FAULTS} faults, then refuses with a clear error and keeps the list`, () => {
    const table = createFaultTable();
    for (let i = 0; i < MAX_FAULTS; i++) table.add({ operationId: '*', latencyMs: 1 });
    expect(() => table.add({ operationId: '*', latencyMs: 1 })).toThrow(
      `Failed to add the fault: ${MAX_FAULTS} faults are in force, the most there can be. Clear them first.`,
    );
    expect(table.list()).toHaveLength(MAX_FAULTS);
  });
});
