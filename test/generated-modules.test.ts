/**
 * The contracts and the built-in scenarios are bundled as modules (src/generated/contracts.ts, scenarios.ts) so the
 * in-process fake reads no file at run time; the YAML and JSON files stay the source, and the modules must match them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { basePathOf, loadSpec } from '../src/core/spec.js';
import { loadControlContract } from '../src/core/contract.js';
import { CONTROL_PLANE_BASE_PATH } from '../src/generated/contracts.js';
import { BUILT_IN_SCENARIOS, loadBuiltInScenarios } from '../src/domain/scenario.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

describe('the generated contract and scenario modules', () => {
  it('are exactly what scripts/generate-modules.mjs writes from the files (run `npm run generate` after an edit)', () => {
    const out = execFileSync(process.execPath, ['scripts/generate-modules.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toBe('generated modules are up to date\n');
  });

  it.each(['cloud-admin', 'control-plane'] as const)('give %s.yaml as the YAML file says it', (name) => {
    expect(loadSpec(name)).toEqual(yaml.load(read(`openapi/${name}.yaml`)));
  });

  it("give the control plane's base path as its contract says it", () => {
    expect(CONTROL_PLANE_BASE_PATH).toBe(loadControlContract().basePath);
    expect(CONTROL_PLANE_BASE_PATH).toBe(basePathOf(loadSpec('control-plane')));
  });

  it('give every built-in scenario as its file says it, a fresh copy each time', () => {
    const files = BUILT_IN_SCENARIOS.map((name) => JSON.parse(read(`scenarios/${name}.json`)) as unknown);
    expect(loadBuiltInScenarios()).toEqual(files);
    expect(loadBuiltInScenarios()[0]).not.toBe(loadBuiltInScenarios()[0]);
  });
});
