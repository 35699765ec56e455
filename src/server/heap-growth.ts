/**
 * How far the standalone server lets V8's old generation grow between full collections.
 *
 * On a machine with much memory, V8 lets the old generation grow to up to 4 times what survived the last full
 * collection before it collects again. Under load, the journal's entries (about 1 KB each, kept for 1000 requests)
 * live long enough to be promoted and then die there, so the server's RSS saws between its live size and about 4
 * times it. For the default world (7 MB live) that is a few tens of MB; for a world of 100,000 users (about 58 MB after
 * its start) it sawed from 140 to 265 MB under the bench's lookups. From LARGE_HEAP_BYTES on, the growth is fixed at
 * 1.5 times (V8's own factor, 1.1 to 4, is then not used, even when it would be smaller): the full collections then
 * come more often, which cost about 4% of throughput when tried on the default world, and so are left to V8 there.
 * It is decided once, for the world the server starts with: a world made large later (a tenant with many users, a
 * state import) keeps V8's own growth.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * A heap this large after the start holds a large world: about 40,000 seeded users and up (the heap after the start
 * also holds the seeding's garbage not yet collected, so the count varies).
 */
export const LARGE_HEAP_BYTES = 32 * 1024 * 1024;
/** The old generation's growth between full collections for a large world, in percent of what survived. */
export const LARGE_HEAP_GROWING_PERCENT = 50;

/** The V8 flag for a heap of `heapUsedBytes` after the start: none below LARGE_HEAP_BYTES. */
export function heapGrowthFlag(heapUsedBytes: number): string | undefined {
  return heapUsedBytes >= LARGE_HEAP_BYTES ? `--heap-growing-percent=${LARGE_HEAP_GROWING_PERCENT}` : undefined;
}

/**
 * Holds this process's heap growth for the world it has just built (see above). V8 reads this flag whenever a full
 * collection sets the next one's limit, so set after the start it takes effect from the next full collection on.
 * Returns the flag set, if any.
 */
export function boundHeapGrowth(heapUsedBytes = process.memoryUsage().heapUsed): string | undefined {
  const flag = heapGrowthFlag(heapUsedBytes);
  if (flag !== undefined) setFlagsFromString(flag);
  return flag;
}
