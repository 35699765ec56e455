/**
 * A consumer project built from `npm pack`, outside the repository, on the lowest msw the package supports: it
 * installs one msw (the package's peer), compiles strictly with skipLibCheck off, and runs the README's examples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildConsumer,
  checkConsumer,
  lowestMsw,
  readmeExamples,
  type CommandResult,
  type Consumer,
} from './support/consumer.js';

describe('a consumer project from npm pack on the lowest supported msw', () => {
  let consumer: Consumer;
  let tsc: CommandResult;
  let vitest: CommandResult;
  beforeAll(async () => {
    consumer = await buildConsumer(lowestMsw());
    ({ tsc, vitest } = await checkConsumer(consumer));
  }, 600_000);
  afterAll(() => consumer.remove());

  it('installs the lowest msw exactly, once, as the peer the package shares with the project', () => {
    expect(consumer.msw).toBe(lowestMsw());
    const packed = JSON.parse(
      readFileSync(join(consumer.dir, 'node_modules', 'cloud-admin-fake', 'package.json'), 'utf8'),
    ) as { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
    expect(packed.dependencies).not.toHaveProperty('msw');
    expect(packed.peerDependencies.msw).toBe(`>=${lowestMsw()} <3`);
    expect(() =>
      readFileSync(join(consumer.dir, 'node_modules', 'cloud-admin-fake', 'node_modules', 'msw', 'package.json')),
    ).toThrow();
  });

  it('ships a LICENSE and no source maps', () => {
    const installed = join(consumer.dir, 'node_modules', 'cloud-admin-fake');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    expect(readFileSync(join(installed, 'dist', 'index.js'), 'utf8')).not.toContain('sourceMappingURL');
  });

  it('compiles with strict and skipLibCheck off, the contract types imported by the package name', () => {
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('runs every README in-process example as a passing test', () => {
    expect(consumer.examples).toHaveLength(readmeExamples().length);
    expect(consumer.examples.length).toBeGreaterThanOrEqual(2);
    for (const name of consumer.examples)
      expect(vitest.stdout).toMatch(new RegExp(`✓ test/${name.replace('.', '\\.')}`));
    expect(vitest.stdout).toContain(
      `Tests  ${readmeExamples().reduce((n, code) => n + (code.match(/\bit\(/g) ?? []).length, 0)} passed`,
    );
    expect(vitest.code).toBe(0);
  });
});
