#!/usr/bin/env node
/** The standalone fake's command line: flags in, a listening server out. */
import { readFileSync } from 'node:fs';
import { parseCliOptions, USAGE } from './server/cli-options.js';
import { startServer } from './server/start-server.js';
import { loadScenarioDir } from './server/scenario-files.js';
import { UsageError } from './server/cli-options.js';
import { boundHeapGrowth } from './server/heap-growth.js';

function fail(message: string): never {
  process.stderr.write(`cloud-admin-fake: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

/** Runs `pact` or `conformance` (see src/server/subcommands.ts): exit 1 on drift, 2 on a usage or runtime error. */
async function subcommand(run: Promise<number>): Promise<void> {
  try {
    process.exitCode = await run;
  } catch (error) {
    const usage =
      error instanceof UsageError ? `\n\n${(await import('./server/subcommands.js')).SUBCOMMAND_USAGE}` : '';
    process.stderr.write(`cloud-admin-fake: ${(error as Error).message}${usage}\n`);
    process.exitCode = 2;
  }
}

/** A failure after the flags were read (a port in use, a bad scenario): one line, no usage, exit 2 as before. */
function failRun(message: string): never {
  process.stderr.write(`cloud-admin-fake: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  // The subcommands (pact, conformance) load the pact export and the conformance kit: only a command line that
  // starts with a word rather than a flag can name one, so a server's start does not load them.
  const first = process.argv[2];
  if (first !== undefined && !first.startsWith('-')) {
    const { runSubcommand } = await import('./server/subcommands.js');
    const run = runSubcommand(process.argv.slice(2), (text) => void process.stdout.write(text));
    if (run) return subcommand(run);
  }
  let cli: ReturnType<typeof parseCliOptions>;
  try {
    cli = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    fail((error as Error).message);
  }
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (cli.version) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const { options, scenariosDir } = cli;
  if (cli.log) options.log = (line) => void process.stdout.write(`${line}\n`);
  try {
    if (scenariosDir !== undefined) options.scenarios = loadScenarioDir(scenariosDir);
    const running = await startServer(options);
    const tenant = running.fake.tenant;
    boundHeapGrowth();
    const lines = [
      `scenario ${tenant.scenario.name}, seed ${tenant.seed}, ${tenant.store.size} users`,
      ...running.notes,
      `adminRestApiUrl ${running.apiKey.adminRestApiUrl} (accessID ${running.apiKey.accessID})`,
      `listening on ${running.url}`,
    ];
    // One write for all of them: the start's last step, and each write to a pipe is a system call.
    process.stdout.write(lines.map((line) => `cloud-admin-fake: ${line}\n`).join(''));
    const stop = (): void => void running.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    failRun((error as Error).message);
  }
}

void main();
