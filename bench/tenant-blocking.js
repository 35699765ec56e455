/**
 * How long creating a tenant blocks the server for its other clients. The server (dist/) runs in a child process of
 * its own, so the client's work and garbage do not count against it; while tenants are created one after another
 * over POST /__fake/tenants (a new seed each), the child reports its own event loop's delay
 * (perf_hooks.monitorEventLoopDelay, 1 ms resolution, so about 1 ms is the floor), and a second client sends probe
 * requests back to back (GET /__fake/scenarios), whose slowest answer is the wait another client saw. The same run
 * against a bare node:http server (a fixed answer) gives the machine's floor.
 * - The clients are node:http's, on kept-alive connections: on a 2-core machine the load generator shares the cores
 *   with the server, and fetch costs several times the CPU per request (with it, bare node:http's own stall had a
 *   median of 5.8 ms here, so no server could be told apart from the floor).
 * - A run measures a warmed server by default, as the throughput rounds do: first `warmUp` tenants are created and
 *   deleted, so V8 has compiled the creation path and its compiler no longer takes a core while the tenants are timed
 *   (on a cold server it compiles about 80 ms of code during the first 60 creations). `warmUp: 0` measures a cold one.
 * Used by bench/run.js (section 2c); on its own, after `npm run build`:
 *   node bench/tenant-blocking.js [runs, default 5] [tenants, default 60] [extra users per tenant, default 0]
 *     [tenants created and deleted first, default 200]
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function fakeServer() {
  const { startServer } = await import(`${ROOT}dist/server/start-server.js`);
  return startServer({ port: 0, maxTenants: Number(process.env.MAX_TENANTS) });
}

/** The floor: bare node:http answering every request with a fixed body the size of a key file, made of nothing. */
async function bareServer() {
  const { createServer } = await import('node:http');
  const body = JSON.stringify({ accessID: 'bare', accessKey: 'x'.repeat(1700) });
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The child: a standalone server (the fake, or with BARE set the floor) that measures its own event loop between a 'start' and a 'stop' message. */
async function serve() {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const running = process.env.BARE ? await bareServer() : await fakeServer();
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let cpuStart;
  process.on('message', (message) => {
    if (message === 'start') {
      cpuStart = process.cpuUsage();
      histogram.reset();
      histogram.enable();
      process.send({ started: true });
    } else if (message === 'stop') {
      histogram.disable();
      const cpu = process.cpuUsage(cpuStart);
      process.send({
        cpuMs: (cpu.user + cpu.system) / 1000,
        maxMs: histogram.max / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        meanMs: histogram.mean / 1e6,
      });
    } else if (message === 'exit') void running.close().then(() => process.exit(0));
  });
  process.send({ url: running.url });
  // A parent that went away (an interrupted bench) takes the server with it.
  process.on('disconnect', () => process.exit(0));
}

/** One request on a kept-alive connection of `agent`; resolves to its status and body. */
const send = (agent, url, method, body) =>
  new Promise((resolve, reject) => {
    const headers =
      body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const req = request(url, { agent, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });

/** Creates a tenant; resolves to its access ID. */
const post = async (agent, url, body) => {
  const { status, text } = await send(agent, `${url}/__fake/tenants`, 'POST', JSON.stringify(body));
  if (status !== 201) throw new Error(`POST /__fake/tenants: ${status}`);
  return JSON.parse(text).accessID;
};

/** Tenants created and deleted before a run is timed, unless told otherwise. */
export const DEFAULT_WARM_UP = 200;

/**
 * One run in a fresh server: a first tenant (it loads the control plane and faker), then `warmUp` tenants created and
 * deleted (seeds past the timed ones), then `tenants` more, timed, while probes run; all with `users` extra users. Returns the server's
 * event-loop delay (max, p99, mean), the probes' latencies, the POST round trips and the first POST's time (ms).
 */
export async function measureTenantStall({
  tenants = 60,
  seedBase = 9000,
  users = 0,
  bare = false,
  warmUp = DEFAULT_WARM_UP,
} = {}) {
  const env = { ...process.env, MAX_TENANTS: String(tenants + 2), BARE: bare ? '1' : '' };
  const child = fork(SELF, ['--server'], { env });
  const messages = [];
  const waiters = [];
  child.on('message', (message) => (waiters.length > 0 ? waiters.shift()(message) : messages.push(message)));
  const next = () =>
    messages.length > 0 ? Promise.resolve(messages.shift()) : new Promise((resolve) => waiters.push(resolve));
  // One connection for the creations, one for the probes, each kept alive.
  const creator = new Agent({ keepAlive: true, maxSockets: 1 });
  const prober = new Agent({ keepAlive: true, maxSockets: 1 });
  let creating = true;
  let probing = Promise.resolve();
  try {
    const { url } = await next();
    // The first control request loads the control plane and Express, the first tenant of a seed other than the
    // default world's loads faker (the default world's names come from a snapshot): timed on its own.
    const firstStarted = performance.now();
    await post(creator, url, { seed: seedBase - 1 });
    const firstMs = performance.now() - firstStarted;
    for (let i = 0; i < warmUp; i++) {
      const accessId = await post(creator, url, { seed: seedBase + tenants + i, users });
      const { status } = await send(creator, `${url}/__fake/tenants/${accessId}`, 'DELETE');
      if (status !== 204 && status !== 200) throw new Error(`DELETE /__fake/tenants/{accessId}: ${status}`);
    }
    child.send('start');
    await next();
    const probes = [];
    probing = (async () => {
      while (creating) {
        const started = performance.now();
        await send(prober, `${url}/__fake/scenarios`, 'GET');
        probes.push(performance.now() - started);
      }
    })();
    const roundTrips = [];
    for (let i = 0; i < tenants; i++) {
      const started = performance.now();
      await post(creator, url, { seed: seedBase + i, users });
      roundTrips.push(performance.now() - started);
    }
    creating = false;
    await probing;
    child.send('stop');
    const loop = await next();
    return {
      ...loop,
      firstMs,
      probes: probes.sort((a, b) => a - b),
      roundTrips: roundTrips.sort((a, b) => a - b),
    };
  } finally {
    // On a failure meanwhile, the probes stop too, and their end is awaited (a probe cut off is not the failure).
    creating = false;
    await probing.catch(() => undefined);
    creator.destroy();
    prober.destroy();
    if (child.connected) child.send('exit');
    await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  }
}

/** One line for a run's figures. */
export function describeStall(run) {
  return (
    `server event loop: max ${run.maxMs.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms, mean ${run.meanMs.toFixed(2)} ms; ` +
    `probes (${run.probes.length}): max ${Math.max(...run.probes).toFixed(1)} ms, p99 ${quantile(run.probes, 0.99).toFixed(1)} ms, ` +
    `median ${quantile(run.probes, 0.5).toFixed(2)} ms; POST round trip median ${quantile(run.roundTrips, 0.5).toFixed(2)} ms ` +
    `(first POST ${run.firstMs.toFixed(0)} ms: on the fake it loads the control plane and faker); ` +
    `server process CPU (all its threads) ${(run.cpuMs / run.roundTrips.length).toFixed(2)} ms per tenant, probes included`
  );
}

if (process.argv[2] === '--server') await serve();
else if (process.argv[1] === SELF) {
  const runs = Number(process.argv[2] ?? 5);
  const tenants = Number(process.argv[3] ?? 60);
  const users = Number(process.argv[4] ?? 0);
  const warmUp = Number(process.argv[5] ?? DEFAULT_WARM_UP);
  for (let i = 0; i < runs; i++) {
    const run = await measureTenantStall({ tenants, users, warmUp, seedBase: 9000 + 1000 * i });
    console.log(`run ${i + 1}: ${describeStall(run)}`);
    const floor = await measureTenantStall({ tenants, warmUp, bare: true });
    console.log(`  bare node:http, the same requests: ${describeStall(floor)}`);
  }
}
