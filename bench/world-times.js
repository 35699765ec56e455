/**
 * How long createFake (a new seed each) and createTenant take, in a node process of their own, so what the bench's
 * other sections left in its heap (their garbage, their compiled code) does not count against them. The child warms
 * up first, as the throughput rounds do: the first world of a seed of its own loads faker (timed on its own, once per
 * process), then `warmUp` more worlds are made and `warmUp` tenants created and deleted, so V8 has compiled both paths;
 * then `worlds` of each are timed. The garbage collector's longest pause during the timed calls is reported too.
 * Used by bench/run.js (section 2c); on its own, after `npm run build`:
 *   node bench/world-times.js [worlds, default 60] [warm-up, default 100]
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Times `count` calls of `make`; returns each call's [start, end] (performance.now() ms). */
function timeCalls(count, make) {
  const calls = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    make(i);
    calls.push([started, performance.now()]);
  }
  return calls;
}

/** The longest garbage-collector pause of `pauses` ([start, ms]) that began during one of `calls`. */
const longestPauseIn = (calls, pauses) =>
  Math.max(0, ...pauses.filter(([at]) => calls.some(([from, to]) => at >= from && at <= to)).map(([, ms]) => ms));

/** The child: makes the worlds and sends their times. */
async function run(worlds, warmUp) {
  const { PerformanceObserver } = await import('node:perf_hooks');
  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  const { createFake } = await import(`${ROOT}dist/index.js`);
  const firstStarted = performance.now();
  createFake({ seed: 2 });
  const firstMs = performance.now() - firstStarted;
  for (let i = 0; i < warmUp; i++) createFake({ seed: 100_000 + i });
  const host = createFake({ seed: 2, maxTenants: worlds + 1 });
  for (let i = 0; i < warmUp; i++) host.deleteTenant(host.createTenant({ seed: 200_000 + i }).accessId);
  const fakes = timeCalls(worlds, (i) => createFake({ seed: 1000 + i }));
  const tenants = timeCalls(worlds, (i) => host.createTenant({ seed: 5000 + i }));
  // The observer hears of a pause a little after it: give it time before reading.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const durations = (calls) => calls.map(([from, to]) => to - from);
  process.send({
    firstMs,
    fakes: durations(fakes),
    tenants: durations(tenants),
    fakesGcMs: longestPauseIn(fakes, pauses),
    tenantsGcMs: longestPauseIn(tenants, pauses),
  });
  process.disconnect();
}

/** One round in a fresh process: `worlds` createFake and `worlds` createTenant calls after `warmUp` of each (ms). */
export async function measureWorlds({ worlds = 60, warmUp = 100 } = {}) {
  const child = fork(SELF, ['--child', String(worlds), String(warmUp)]);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    // An exit after the times came is the child's normal end (a reject after the resolve changes nothing).
    return await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) =>
        reject(new Error(`bench/world-times.js child exited with ${code} before it sent its times`)),
      );
    });
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      // It leaves by itself once it has sent its times; only a failed round is stopped.
      const timer = setTimeout(() => child.kill(), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
}

if (process.argv[2] === '--child') await run(Number(process.argv[3]), Number(process.argv[4]));
else if (process.argv[1] === SELF) {
  const round = await measureWorlds({
    worlds: Number(process.argv[2] ?? 60),
    warmUp: Number(process.argv[3] ?? 100),
  });
  const max = (list) => Math.max(...list).toFixed(2);
  // The mean of the two middle values for an even count, as bench/run.js takes it.
  const median = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return (sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2).toFixed(2);
  };
  console.log(
    `first createFake ${round.firstMs.toFixed(1)} ms; createFake median ${median(round.fakes)} ms, max ${max(round.fakes)} ms ` +
      `(longest GC pause ${round.fakesGcMs.toFixed(1)} ms); createTenant median ${median(round.tenants)} ms, max ` +
      `${max(round.tenants)} ms (longest GC pause ${round.tenantsGcMs.toFixed(1)} ms)`,
  );
}
