/**
 * Child processes for tests: every one is bounded by a timeout, tracked, and killed by `killChildren()`.
 * Children are spawned asynchronously, so a server running in the test process keeps answering them.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The examples folder. */
export const EXAMPLES = join(ROOT, 'examples');

/** What a finished child printed. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/** Variables that would make a child trust (or distrust) certificates behind the test's back. */
const TRUST_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'SSL_CERT_FILE', 'CA_CERT'];

/** The test process's environment without trust settings and the example variables, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- env is a copy; removing these variables from it is the point
  for (const name of [...TRUST_VARIABLES, 'CLOUD_ADMIN_KEY_FILE', 'CLOUD_ADMIN_EMAIL']) delete env[name];
  return { ...env, ...extra };
}

/** Runs a program to its end, killing it after `timeoutMs`; never rejects for a non-zero exit. */
export function run(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A long-running child, e.g. the CLI, with what it printed so far. */
export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and resolves when it has exited. */
  stop(): Promise<void>;
}

/** Starts a program and resolves once its stdout matches `ready`; kills it and rejects after `timeoutMs`. */
export function start(command: string, args: string[], ready: RegExp, timeoutMs = 20_000): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    // eslint-disable-next-line @typescript-eslint/no-confusing-void-expression -- forget the child, then resolve, in one callback
    const exited = new Promise<void>((done) => child.once('close', () => (children.delete(child), done())));
    const running: Running = {
      child,
      stdout: () => stdout,
      stderr: () => stderr,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(force);
        }
      },
    };
    const timer = setTimeout(() => {
      void running.stop();
      reject(
        new Error(`${command} ${args.join(' ')} did not print ${ready} within ${timeoutMs} ms:\n${stdout}${stderr}`),
      );
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (ready.test(stdout)) {
        clearTimeout(timer);
        resolve(running);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${command} exited before it was ready:\n${stdout}${stderr}`));
    });
  });
}

/** Kills every child still running (for afterAll). */
export function killChildren(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

/** Whether `command args` runs and exits 0 within 10 s (to find tools and interpreters). */
export function works(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Whether this run is CI's (.ci/run installs the Python modules, so nothing may be skipped there). */
export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

/**
 * A Python 3 interpreter that can import requests and jwt (PyJWT with cryptography), or undefined. In CI it is
 * never undefined: a missing module must fail the Python tests there, not skip them.
 */
export function findPython(): string | undefined {
  const found = ['/usr/bin/python3', 'python3'].find((candidate) =>
    works(candidate, ['-c', 'import requests, jwt, cryptography']),
  );
  return found ?? (IN_CI ? '/usr/bin/python3' : undefined);
}

/** Why the Python example cannot run here, for a skipped test's title. */
export const PYTHON_MISSING =
  'no python3 with requests, PyJWT and cryptography (tried /usr/bin/python3, python3): ' +
  'apt-get install python3-requests python3-jwt python3-cryptography';
