/**
 * Helpers for the control plane over HTTP (every answer validated against openapi/control-plane.yaml) and for
 * the command line (build dist once, spawn `node dist/cli.js`, read what it prints).
 */
import type { VendorOperationId } from '../../src/core/contract.js';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadControlContract } from '../../src/core/contract.js';
import { signToken } from '../../src/core/sign-token.js';
import type { ApiKeyFile } from '../../src/core/api-key.js';
import { assertApplicationError, assertMatchesContract } from './contract.js';
import type { JournalEntry } from '../../src/core/journal.js';
import type { Answer, Harness } from './modes.js';

/** The project root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Options of one control call. */
export interface ControlOptions {
  /** A bearer token naming the tenant (omitted: the default tenant). */
  token?: string;
  /** Sent as X-Fake-Control-Token. */
  controlToken?: string;
  /** A raw body sent as is, instead of JSON-encoding `body`. */
  raw?: string;
  /** Content-Type to send (default application/json when there is a body). */
  contentType?: string;
}

/** Every control operation a test called, to check the whole contract was exercised. */
export const calledControlOperations = new Set<string>();

/** The control operation a method and path route to, with its declared statuses, or undefined. */
function routeOf(method: string, path: string): { operationId: string; statuses: string[] } | undefined {
  const match = loadControlContract().route(method, path.split('?')[0] ?? path);
  if (!('route' in match)) return undefined;
  const operation = match.route.operation;
  return { operationId: operation.operationId, statuses: Object.keys(operation.responses) };
}

/**
 * Calls the control plane of the server at `origin` (e.g. `/__fake/clock`) and validates the answer: a declared
 * status against its schema, anything else as an application error `{code, description}`.
 */
export async function control(
  origin: string,
  method: string,
  path: string,
  body?: unknown,
  options: ControlOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.controlToken !== undefined) headers['x-fake-control-token'] = options.controlToken;
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${origin}${path}`, {
    method,
    headers,
    ...(payload !== undefined && { body: payload }),
  });
  const mediaType = (response.headers.get('content-type') ?? 'application/json').split(';')[0]?.trim() ?? '';
  // An event stream never ends: read up to its first event, then let it go.
  const text = mediaType === 'text/event-stream' ? await firstEvents(response, 1) : await response.text();
  let parsed: unknown = null;
  if (text !== '') parsed = mediaType === 'application/json' ? JSON.parse(text) : text;
  const route = routeOf(method, path);
  // eslint-disable-next-line @typescript-eslint/prefer-optional-chain -- reads as the two conditions it checks
  if (route && route.statuses.includes(String(response.status))) {
    calledControlOperations.add(route.operationId);
    assertMatchesContract(route.operationId, response.status, parsed, true, mediaType);
  } else {
    assertApplicationError(parsed);
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/**
 * Reads an event stream until `count` events (blocks ending in a blank line, comments included) have arrived, then
 * cancels it; returns the text read.
 */
export async function firstEvents(response: Response, count: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n\n').length - 1 < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

/** The origin of a key file's adminRestApiUrl, where /__fake/ lives. */
export const originOf = (apiKey: ApiKeyFile): string => new URL(apiKey.adminRestApiUrl).origin;

/** Signs a token for a key file at a given clock reading (a control call names its tenant with it). */
export const tokenFor = (apiKey: ApiKeyFile, now: number | string = Date.now()): Promise<string> =>
  signToken(apiKey, { now: typeof now === 'string' ? Date.parse(now) : now });

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, name.name);
    newest = Math.max(newest, name.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBuilt(): boolean {
  try {
    return statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs >= newestMtime(join(ROOT, 'src'));
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds dist/ (tsc, then the command line's bundle) unless it is newer than every file in src/. Test files run in
 * parallel workers, so a lock folder keeps two of them from building at once. Type errors do not stop the build
 * (tsc still emits; `npm run typecheck` reports them): these tests are about the command line, not the types.
 */
export async function ensureBuilt(): Promise<void> {
  const lock = join(ROOT, '.fake', 'build.lock');
  mkdirSync(join(ROOT, '.fake'), { recursive: true });
  for (let waited = 0; !isBuilt(); waited += 200) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 60_000 || Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      await sleep(200);
      continue;
    }
    try {
      const node = (args: string[]): Promise<void> =>
        new Promise<void>((resolve) => execFile(process.execPath, args, { cwd: ROOT }, () => resolve()));
      await node([join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
      // dist/cli.js as npm run build leaves it: bundled with the modules it loads (scripts/bundle-cli.mjs).
      await node([join(ROOT, 'scripts/bundle-cli.mjs')]);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    if (!isBuilt()) throw new Error('Failed to build dist/: tsc emitted nothing newer than src/.');
  }
}

/** A command-line run: its process and what it printed so far. */
export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
}

/** Spawns `node dist/cli.js ...args` (build first with ensureBuilt). */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- spawn types stdio streams as present; a failed spawn leaves them null
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- spawn types stdio streams as present; a failed spawn leaves them null
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits until the CLI prints `listening on <url>` and returns the URL; fails with what it printed otherwise. */
export async function listeningUrl(run: CliRun, timeoutMs = 15_000): Promise<string> {
  const started = Date.now();
  for (;;) {
    const match = /listening on (\S+)/.exec(run.stdout());
    if (match?.[1]) return match[1];
    if (run.child.exitCode !== null || Date.now() - started > timeoutMs) {
      throw new Error(`The CLI did not start.\nstdout:\n${run.stdout()}\nstderr:\n${run.stderr()}`);
    }
    await sleep(25);
  }
}

/** Stops a CLI run started by this test (by its own process id) and waits for it to end. */
export async function stopCli(run: CliRun): Promise<void> {
  if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGTERM');
  await run.exited;
}

/** Moves a harness's default tenant clock forward: over /__fake/clock/advance for express, in process otherwise. */
export async function advanceClock(harness: Harness, ms: number): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression -- returns the in-process call, as the HTTP branch returns its request
  if (harness.mode !== 'express') return harness.tenant.clock.advance(ms);
  const answer = await control(originOf(harness.apiKey), 'POST', '/__fake/clock/advance', { ms });
  if (answer.status !== 200) throw new Error(`Failed to advance the clock: ${JSON.stringify(answer.body)}`);
}

/** Sets a harness's default tenant clock: over PUT /__fake/clock for express, in process otherwise. */
export async function setClock(harness: Harness, now: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression -- returns the in-process call, as the HTTP branch returns its request
  if (harness.mode !== 'express') return harness.tenant.clock.set(now);
  const answer = await control(originOf(harness.apiKey), 'PUT', '/__fake/clock', { now });
  if (answer.status !== 200) throw new Error(`Failed to set the clock: ${JSON.stringify(answer.body)}`);
}

/** A harness's default tenant journal: over GET /__fake/journal for express, in process otherwise. */
export async function journalOf(harness: Harness, query = ''): Promise<JournalEntry[]> {
  if (harness.mode !== 'express') {
    const params = new URLSearchParams(query);
    const status = params.get('status');
    const operationId = params.get('operationId');
    return harness.controls.journal({
      // A string from a query, checked by journal() itself as the control plane checks it.
      ...(operationId !== null && { operationId: operationId as VendorOperationId }),
      ...(status !== null && { status: Number(status) }),
    });
  }
  const answer = await control(originOf(harness.apiKey), 'GET', `/__fake/journal${query ? `?${query}` : ''}`);
  return answer.body as JournalEntry[];
}
