#!/usr/bin/env node
/** The standalone fake's command line: flags in, a listening server out. */
import { parseArgs } from 'node:util';
import { startServer, type ServerOptions } from './server.js';
import { loadScenarioDir } from './domain/scenario.js';

const USAGE = `Usage: cloud-admin-fake [options]

  --port <n>            port to listen on, 0 for a free one (default 8080)
  --host <addr>         address to bind (default 127.0.0.1)
  --scenario <name>     starting scenario (default "default")
  --scenarios <dir>     load more scenarios from *.json files in <dir>
  --seed <n>            seed for users, ids and codes (default 1)
  --users <n>           add <n> seeded users
  --key-file <path>     API key file: loaded if present, written if not (default .fake/api.key)
  --tls                 serve HTTPS with a self-signed certificate next to the key file
  --rate-limit <r>[/<b>] throttle: r requests/s, burst b (default: the scenario's); 0 turns it off
  --clock <instant>     start the clock at an ISO-8601 instant, frozen
  --journal-size <n>    request journal capacity per tenant (default 1000)
  --control-token <t>   token the control plane requires off loopback (or CLOUD_ADMIN_FAKE_CONTROL_TOKEN)
  --help                this text`;

/** Reads a non-negative integer flag, or exits naming the flag. */
function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,10}$/.test(value)) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function fail(message: string): never {
  process.stderr.write(`cloud-admin-fake: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scenario: { type: 'string' },
        scenarios: { type: 'string' },
        seed: { type: 'string' },
        users: { type: 'string' },
        'key-file': { type: 'string' },
        tls: { type: 'boolean' },
        'rate-limit': { type: 'string' },
        clock: { type: 'string' },
        'journal-size': { type: 'string' },
        'control-token': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options: ServerOptions = {
    port: integer('port', values.port, 8080),
    host: values.host ?? '127.0.0.1',
    scenario: values.scenario ?? 'default',
    seed: integer('seed', values.seed, 1),
    users: integer('users', values.users, 0),
    keyFile: values['key-file'] ?? '.fake/api.key',
    tls: values.tls ?? false,
  };
  if (values['rate-limit'] !== undefined) {
    const match = /^([0-9]+(?:\.[0-9]+)?)(?:\/([0-9]+))?$/.exec(values['rate-limit']);
    if (!match) fail(`--rate-limit must look like 50 or 50/100, got "${values['rate-limit']}"`);
    const requestsPerSecond = Number(match[1]);
    options.throttle = { requestsPerSecond, burst: Number(match[2] ?? Math.max(1, Math.ceil(requestsPerSecond * 2))) };
  }
  if (values.clock !== undefined) options.clock = { start: values.clock, frozen: true };
  if (values['journal-size'] !== undefined) options.journalSize = integer('journal-size', values['journal-size'], 1000);
  const controlToken = values['control-token'] ?? process.env.CLOUD_ADMIN_FAKE_CONTROL_TOKEN;
  if (controlToken) options.controlToken = controlToken;
  try {
    if (values.scenarios !== undefined) options.scenarios = loadScenarioDir(values.scenarios);
    const running = await startServer(options);
    const tenant = running.fake.tenant;
    const log = (line: string): void => void process.stdout.write(`cloud-admin-fake: ${line}\n`);
    log(`scenario ${tenant.scenario.name}, seed ${tenant.seed}, ${tenant.store.size} users`);
    for (const note of running.notes) log(note);
    log(`adminRestApiUrl ${running.apiKey.adminRestApiUrl} (accessID ${running.apiKey.accessID})`);
    log(`listening on ${running.url}`);
    const stop = (): void => void running.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    fail((error as Error).message);
  }
}

void main();
