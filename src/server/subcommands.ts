/**
 * The command line's subcommands for CI: `pact` writes a pact file from a running fake's journal, `conformance` runs
 * the conformance kit against the tenant a key file names (the vendor's or this fake).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from '../core/sign-token.js';
import { DEFAULT_PACT_PROVIDER } from '../testing/pact.js';
import { formatConformance, runConformance, summarize } from '../testing/conformance/run.js';
import { readApiKeyFile } from './key-file.js';
import { UsageError } from './cli-options.js';

/** What `<subcommand> --help` prints. */
export const SUBCOMMAND_USAGE = `Usage: cloud-admin-fake pact --consumer <name> [options]
  Writes a pact from the journal of a running fake (the tenant its key file names).
  --consumer <name>       the consumer's name (required)
  --provider <name>       the provider's name (default "${DEFAULT_PACT_PROVIDER}")
  --specification <v>     V3 or V4 (default V4)
  --key-file <path>       the running fake's key file (default .fake/api.key)
  --out <file>            where to write it (default pacts/<consumer>-<provider>.json)

Usage: cloud-admin-fake conformance --key-file <file> [options]
  Checks the tenant the key file names (the vendor's, or this fake) against the fake's model of the vendor API.
  Read-only unless --allow-writes. Prints fact, expected, observed, verdict; exits 1 on drift.
  --key-file <path>       the tenant's API key file (required)
  --email <user>          a designated test user (needed by the lookup and the write workflow)
  --allow-writes          also run the EAC workflow on the test user (enable v1, enable v2, disable)
  --json                  print the rows as JSON`;

type Output = (text: string) => void;

async function pact(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      consumer: { type: 'string' },
      provider: { type: 'string' },
      specification: { type: 'string' },
      'key-file': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (values.consumer === undefined) throw new UsageError('pact needs --consumer <name>');
  const apiKey = readApiKeyFile(values['key-file'] ?? '.fake/api.key');
  const query = new URLSearchParams({ consumer: values.consumer });
  if (values.provider !== undefined) query.set('provider', values.provider);
  if (values.specification !== undefined) query.set('specification', values.specification);
  // The token names the tenant whose journal to export (the control plane does not judge its times).
  const response = await fetch(`${new URL(apiKey.adminRestApiUrl).origin}/__fake/pact?${query.toString()}`, {
    headers: { authorization: `Bearer ${await signToken(apiKey)}` },
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`Failed to export the pact: HTTP ${response.status} ${text}`);
  const file = values.out ?? join('pacts', `${values.consumer}-${values.provider ?? DEFAULT_PACT_PROVIDER}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  const count = (JSON.parse(text) as { interactions: unknown[] }).interactions.length;
  out(`cloud-admin-fake: wrote ${file} (${count} interactions)\n`);
  return 0;
}

async function conformance(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'key-file': { type: 'string' },
      email: { type: 'string' },
      'allow-writes': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (values['key-file'] === undefined) throw new UsageError('conformance needs --key-file <file>');
  if (values['allow-writes'] && values.email === undefined)
    throw new UsageError('conformance --allow-writes needs --email <test user>');
  const rows = await runConformance({
    apiKey: readApiKeyFile(values['key-file']),
    email: values.email,
    allowWrites: values['allow-writes'],
  });
  out(
    values.json ? `${JSON.stringify({ rows, summary: summarize(rows) }, null, 2)}\n` : `${formatConformance(rows)}\n`,
  );
  return summarize(rows).drift > 0 ? 1 : 0;
}

const SUBCOMMANDS: Record<string, (args: string[], out: Output) => Promise<number>> = { pact, conformance };

/**
 * Runs a subcommand when the command line starts with one, resolving to its exit code; undefined otherwise. A bad
 * flag rejects with a UsageError, anything else that fails with an Error saying what.
 * @example const code = await runSubcommand(['conformance', '--key-file', 'api.key'], (t) => process.stdout.write(t));
 */
export function runSubcommand(argv: string[], out: Output): Promise<number> | undefined {
  const [name, ...args] = argv;
  const run = name === undefined ? undefined : SUBCOMMANDS[name];
  if (!run) return undefined;
  if (args.includes('--help')) {
    out(`${SUBCOMMAND_USAGE}\n`);
    return Promise.resolve(0);
  }
  return run(args, out).catch((error: unknown) => {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(error.message);
    throw error;
  });
}
