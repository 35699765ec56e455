/** The contract is the only hand-written description: generated types must match it, and it must lint clean. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadContract } from '../src/core/contract.js';
import { OPERATIONS } from '../src/cloud-admin/operations/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
/** The options of `npm run generate:types` (e.g. `--default-non-nullable false`), so both generate the same types. */
const generateFlags = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { 'generate:types': string } }
).scripts['generate:types']
  .split(/\s+/)
  .slice(1);

describe('the OpenAPI contract', () => {
  it.each(['cloud-admin', 'control-plane'])(
    'generates exactly the committed types of %s.yaml (run `npm run generate` after editing a spec)',
    (name) => {
      // Generated in an empty folder, so the CLI reads only the spec and not redocly.yaml.
      const dir = mkdtempSync(join(tmpdir(), 'cloud-admin-types-'));
      try {
        execFileSync(
          process.execPath,
          [cli, join(root, 'openapi', `${name}.yaml`), '-o', 'fresh.ts', ...generateFlags],
          {
            cwd: dir,
            stdio: 'pipe',
          },
        );
        const committed = readFileSync(join(root, 'src', 'generated', `${name}.ts`), 'utf8');
        expect(readFileSync(join(dir, 'fresh.ts'), 'utf8')).toBe(committed);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('generates optional request fields as optional, defaults included (the README lookup body type-checks)', () => {
    const generated = readFileSync(join(root, 'src', 'generated', 'cloud-admin.ts'), 'utf8');
    expect(generated).toMatch(/searchUnsynched\?: boolean;/);
    expect(generateFlags).toEqual(['--default-non-nullable', 'false']);
  });

  it('has an implementation for every operation and no implementation without an operation', () => {
    const specIds = Object.values(loadContract().spec.paths)
      .flatMap((item) => Object.values(item))
      .map((operation) => operation.operationId)
      .sort();
    expect(Object.keys(OPERATIONS).sort()).toEqual(specIds);
  });

  it('marks every operation with its fidelity and a reason', () => {
    for (const item of Object.values(loadContract().spec.paths)) {
      for (const operation of Object.values(item) as unknown as Record<string, unknown>[]) {
        expect(['confirmed', 'inferred', 'unknown-chosen']).toContain(operation['x-fidelity']);
        expect(typeof operation['x-fidelity-reason']).toBe('string');
      }
    }
  });

  it('gives every request body the descriptions its 400s use', () => {
    const rules = loadContract().bodyRules;
    expect([...rules.keys()].sort()).toEqual([
      'enableEmergencyTokencodeV1',
      'enableEmergencyTokencodeV2',
      'generateDeviceRegistrationCode',
      'generateEnrollmentVerifyCodes',
      'generatePasswordResetCode',
      'lookupUser',
      'markUserDeleted',
      'searchUsersV1',
      'searchUsersV2',
      'setUserStatus',
      'updateHighRiskUsers',
    ]);
    expect(rules.get('searchUsersV2')?.descriptions.default).toBe('Invalid search criteria.');
    expect(rules.get('enableEmergencyTokencodeV1')?.descriptions.default).toBe('Invalid expiration date.');
    expect(rules.get('setUserStatus')?.descriptions.maxProperties).toBe(
      'Wrong number of properties in the request body.',
    );
  });
});
