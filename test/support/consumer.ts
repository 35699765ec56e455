/**
 * Builds a consumer project from `npm pack` in a temporary folder outside the repository: the packed tarball, a
 * chosen msw, and the README's in-process examples as its tests, its own client code beside them
 * (test/consumer/). Run directly to try one msw version: `npx tsx test/support/consumer.ts 2.7.6`.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface PackageJson {
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const pkg = (): PackageJson => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

/** The lowest msw the package supports, exactly: the floor of its peer range, e.g. `>=2.7.0 <3` gives `2.7.0`. */
export function lowestMsw(): string {
  const match = /^>=(\d+\.\d+\.\d+) <3$/.exec(pkg().peerDependencies.msw ?? '');
  if (!match?.[1]) throw new Error('Failed to read the msw peer range: package.json must say ">=2.N.P <3".');
  return match[1];
}

/** The outcome of one command. */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (bounded by `timeoutMs`) and returns what it printed. */
export function run(command: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, CI: 'true', NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The README's ```ts blocks that import the package and hold tests: the examples a user copies. */
export function readmeExamples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .filter((code) => /from 'cloud-admin-fake(\/vitest|\/server)?'/.test(code) && /\bit\(/.test(code));
}

/** A consumer project on disk. */
export interface Consumer {
  dir: string;
  /** The msw version npm installed. */
  msw: string;
  /** The README examples written as its tests, by file name. */
  examples: string[];
  run(command: string, args: string[]): Promise<CommandResult>;
  remove(): void;
}

/**
 * Packs the package (dist must be built), and installs it in a new folder with `msw@<msw>` and the repo's own
 * vitest, typescript and @types/node.
 */
export async function buildConsumer(msw: string): Promise<Consumer> {
  const dir = mkdtempSync(join(tmpdir(), 'cloud-admin-fake-consumer-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], root);
    if (packed.code !== 0) throw new Error(`Failed to pack the package: ${packed.stderr}`);
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`Failed to pack the package: no tarball in ${dir}.`);
    cpSync(join(root, 'test', 'consumer'), dir, { recursive: true });
    const dev = pkg().devDependencies;
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name: 'consumer',
          private: true,
          type: 'module',
          dependencies: {
            'cloud-admin-fake': `file:./${tarball}`,
            msw,
            vitest: dev.vitest,
            typescript: dev.typescript,
            '@types/node': dev['@types/node'],
          },
        },
        null,
        2,
      )}\n`,
    );
    mkdirSync(join(dir, 'test'));
    const examples = readmeExamples().map((code, index) => {
      const name = `readme-${index + 1}.test.ts`;
      writeFileSync(join(dir, 'test', name), code);
      return name;
    });
    const installed = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'],
      dir,
    );
    if (installed.code !== 0) throw new Error(`Failed to install the consumer: ${installed.stderr}`);
    const mswPkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'msw', 'package.json'), 'utf8')) as {
      version: string;
    };
    return {
      dir,
      msw: mswPkg.version,
      examples,
      run: (command, args) => run(command, args, dir),
      remove,
    };
  } catch (error) {
    remove();
    throw error;
  }
}

/** Type-checks the consumer (strict, skipLibCheck off) and runs its tests; used by the test and by hand. */
export async function checkConsumer(consumer: Consumer): Promise<{ tsc: CommandResult; vitest: CommandResult }> {
  const tsc = await consumer.run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
  const vitest = await consumer.run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=verbose']);
  return { tsc, vitest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const consumer = await buildConsumer(process.argv[2] ?? lowestMsw());
  const { tsc, vitest } = await checkConsumer(consumer);
  console.log(`msw ${consumer.msw}: tsc exit ${tsc.code}, vitest exit ${vitest.code}`);
  if (tsc.code !== 0) console.log(tsc.stdout, tsc.stderr);
  if (vitest.code !== 0) console.log(vitest.stdout.slice(-4000), vitest.stderr.slice(-2000));
  if (process.argv.includes('--keep')) console.log(consumer.dir);
  else consumer.remove();
}
