/**
 * How long creating a tenant blocks the server: the longest event-loop stall while 40 tenants are created over
 * POST /__fake/tenants (pool keys), then while 5 more are created past the pool's free keys (async generation).
 * Run: npx tsx bench/tenant-blocking.ts
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../src/server/start-server.js';

const running = await startServer({ port: 0, maxTenants: 200 });
async function measure(count: number): Promise<{ maxMs: number; meanMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${running.url}/__fake/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    if (response.status !== 201) throw new Error(`status ${response.status}`);
    await response.text();
  }
  histogram.disable();
  return { maxMs: histogram.max / 1e6, meanMs: histogram.mean / 1e6 };
}
const warm = await measure(3);
const pool = await measure(40);
const beyond = await measure(30);
process.stdout.write(
  `tenant creation event-loop stall (1 ms resolution, so ~1 ms is the floor): warm-up max ${warm.maxMs.toFixed(1)} ms; ` +
    `40 pool keys: max ${pool.maxMs.toFixed(1)} ms, mean ${pool.meanMs.toFixed(1)} ms; ` +
    `30 more (past the 64-key pool: generated off the loop): max ${beyond.maxMs.toFixed(1)} ms, mean ${beyond.meanMs.toFixed(1)} ms\n`,
);
await running.close();
