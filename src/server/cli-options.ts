/** The command line's options: flags in, the standalone server's options out (or a usage error). */
import { parseArgs } from 'node:util';
import type { ServerOptions } from './start-server.js';

/** What `--help` prints, and a usage error after its message. */
export const USAGE = `Usage: cloud-admin-fake [options]

  -p, --port <n>        port to listen on, 0 for a free one (default 8080)
  --host <addr>         address to bind (default 127.0.0.1)
  --scenario <name>     starting scenario (default "default")
  --scenarios <dir>     load more scenarios from *.json files in <dir>
  --seed <n>            seed for users, ids and codes (default 1)
  --users <n>           add <n> seeded users
  --key-file <path>     API key file: loaded if present, written if not (default .fake/api.key on
                        port 8080, .fake/api-<port>.key on any other, so servers in one folder keep theirs)
  --tls                 serve HTTPS with a self-signed certificate next to the key file
  --rate-limit <r>[/<b>] throttle: r requests/s, burst b (default: the scenario's); 0 turns it off
  --clock <instant>     start the clock at an ISO-8601 instant, frozen
  --journal-size <n>    request journal capacity per tenant (default 1000)
  --control-token <t>   token the control plane requires off loopback (or CLOUD_ADMIN_FAKE_CONTROL_TOKEN)
  --allow-host <name>   another host name the control plane answers to (repeatable)
  --max-tenants <n>     most tenants at once, the default one included (default 64)
  --max-users <n>       most seeded users all tenants add together, --users included (default 100000)
  --log                 print one line per request: time, method, path, operationId, status, duration, reason
  --version             print the version
  -h, --help            this text

Subcommands (each with --help):
  cloud-admin-fake pact --consumer <name>          write a pact from a running fake's journal
  cloud-admin-fake conformance --key-file <file>   check a tenant against the fake's model of the vendor API`;

/** The key file when --key-file is not given: one per port, so two servers in one folder keep their own. */
export function defaultKeyFile(port: number): string {
  return port === 8080 ? '.fake/api.key' : '.fake/api-{port}.key';
}

/** A flag the command line refuses; its message says which and why. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The parsed command line: help, or the server's options and where more scenarios are. */
export type CliOptions =
  | { help: true }
  | { version: true; help: false }
  | { help: false; version?: false; options: ServerOptions; scenariosDir: string | undefined; log: boolean };

/** Reads a non-negative integer flag, or throws naming the flag. */
function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^[0-9]{1,10}$/.test(value)) throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      port: { type: 'string', short: 'p' },
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
      'allow-host': { type: 'string', multiple: true },
      'max-tenants': { type: 'string' },
      'max-users': { type: 'string' },
      log: { type: 'boolean' },
      version: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
}

/**
 * Parses the command line's flags (and the control token from the environment), or throws a UsageError.
 * @example parseCliOptions(process.argv.slice(2), process.env)
 */
export function parseCliOptions(args: string[], env: Record<string, string | undefined>): CliOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  if (values.version) return { version: true, help: false };
  const port = integer('port', values.port, 8080);
  const options: ServerOptions = {
    port,
    host: values.host ?? '127.0.0.1',
    scenario: values.scenario ?? 'default',
    seed: integer('seed', values.seed, 1),
    users: integer('users', values.users, 0),
    keyFile: values['key-file'] ?? defaultKeyFile(port),
    tls: values.tls ?? false,
  };
  if (values['rate-limit'] !== undefined) {
    const match = /^([0-9]+(?:\.[0-9]+)?)(?:\/([0-9]+))?$/.exec(values['rate-limit']);
    if (!match) throw new UsageError(`--rate-limit must look like 50 or 50/100, got "${values['rate-limit']}"`);
    const requestsPerSecond = Number(match[1]);
    options.throttle = { requestsPerSecond, burst: Number(match[2] ?? Math.max(1, Math.ceil(requestsPerSecond * 2))) };
  }
  if (values.clock !== undefined) options.clock = { start: values.clock, frozen: true };
  if (values['journal-size'] !== undefined) options.journalSize = integer('journal-size', values['journal-size'], 1000);
  if (values['allow-host'] !== undefined) options.allowHosts = values['allow-host'];
  if (values['max-tenants'] !== undefined) options.maxTenants = integer('max-tenants', values['max-tenants'], 64);
  const maxUsers = integer('max-users', values['max-users'], 100_000);
  if (values['max-users'] !== undefined) options.maxUsers = maxUsers;
  if ((options.users ?? 0) > maxUsers)
    throw new UsageError(`--users must be at most ${maxUsers} (raise --max-users), got ${options.users}`);
  const controlToken = values['control-token'] ?? env.CLOUD_ADMIN_FAKE_CONTROL_TOKEN;
  if (controlToken) options.controlToken = controlToken;
  return { help: false, options, scenariosDir: values.scenarios, log: values.log ?? false };
}
