/**
 * Regression: scenarios/scenario.schema.json restated Fault, EacSettings and Throttle from the control-plane contract
 * and drifted: its fault needed no effect, had no limit on the description, and listed operation ids by hand. Now the
 * scenario schema refers to the contract's definitions, the TypeScript types come from the generated ones, and a
 * scenario and the control plane judge a fault, settings and a throttle limit alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createFake } from '../../src/create-fake.js';
import { loadContract, loadControlContract } from '../../src/core/contract.js';
import { ScenarioError, validateScenario, type FaultSpec, type Scenario } from '../../src/domain/scenario.js';
import type { EacSettings } from '../../src/domain/company-settings.js';
import type { components } from '../../src/generated/control-plane.js';

const SCHEMA_PATH = fileURLToPath(new URL('../../scenarios/scenario.schema.json', import.meta.url));
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
  $id: string;
  $defs?: unknown;
  properties: Record<string, { $ref?: string; items?: { $ref?: string } }>;
};
const controlSchemas = loadControlContract().spec.components.schemas as Record<string, Record<string, unknown>>;

/** The schema a scenario schema reference names in the control-plane contract, if the file and pointer are right. */
function referenced(ref: string | undefined): Record<string, unknown> | undefined {
  const match = /^\.\.\/openapi\/control-plane\.yaml#\/components\/schemas\/([A-Za-z]+)$/.exec(ref ?? '');
  return match?.[1] === undefined ? undefined : controlSchemas[match[1]];
}

describe('the scenario schema', () => {
  it('takes company settings, the throttle limit and faults from the control-plane contract', () => {
    expect(schema.properties.eacSettings?.$ref).toBe(
      '../openapi/control-plane.yaml#/components/schemas/EacSettingsFields',
    );
    expect(schema.properties.throttle?.$ref).toBe('../openapi/control-plane.yaml#/components/schemas/Throttle');
    expect(schema.properties.faults?.items?.$ref).toBe('../openapi/control-plane.yaml#/components/schemas/Fault');
    for (const ref of [
      schema.properties.eacSettings?.$ref,
      schema.properties.throttle?.$ref,
      schema.properties.faults?.items?.$ref,
    ]) {
      expect(referenced(ref), ref).toBeDefined();
    }
    // The references resolve to the same file by path (editors) and by id (the fake's ajv).
    expect(existsSync(fileURLToPath(new URL('../openapi/control-plane.yaml', new URL(`file://${SCHEMA_PATH}`))))).toBe(
      true,
    );
    expect(new URL('../openapi/control-plane.yaml', schema.$id).href).toBe(
      'https://cloud-admin-fake.local/openapi/control-plane.yaml',
    );
  });

  it('restates none of them', () => {
    const text = readFileSync(SCHEMA_PATH, 'utf8');
    expect(schema.$defs).toBeUndefined();
    for (const word of ['operationId', 'latencyMs', 'expiryUnit', 'codeCharset', 'requestsPerSecond', 'burst']) {
      expect(text).not.toContain(`"${word}"`);
    }
  });
});

describe('the one definition of a fault', () => {
  it("names the vendor contract's operations, and * for all", () => {
    const vendorIds = Object.values(loadContract().spec.paths).flatMap((item) =>
      Object.values(item).map((operation) => operation.operationId),
    );
    const fault = controlSchemas.Fault as { properties: { operationId: { enum: string[] } } };
    expect([...fault.properties.operationId.enum].sort()).toEqual(['*', ...vendorIds].sort());
  });

  const long = 'x'.repeat(1001);
  it.each([
    ['a forced status', { operationId: 'lookupUser', status: 500 }],
    ['a latency range with a network error', { operationId: '*', latencyMs: [10, 20], networkError: 'reset' }],
    ['a status for 3 calls, every 2nd', { operationId: 'setUserStatus', status: 503, times: 3, everyNth: 2 }],
    ['no effect', { operationId: 'lookupUser', times: 2 }],
    ['a description over 1000 characters', { operationId: 'lookupUser', status: 500, description: long }],
    ['an operation the vendor does not have', { operationId: 'lookupUsers', status: 500 }],
    ['a status under 400', { operationId: 'lookupUser', status: 399 }],
    ['an unknown network error', { operationId: 'lookupUser', networkError: 'timeout' }],
    ['a property it does not know', { operationId: 'lookupUser', status: 500, colour: 'red' }],
    ['a latency range that runs backwards', { operationId: 'lookupUser', latencyMs: [50, 10] }],
  ])('is judged alike in a scenario and by addFault: %s', (_name, fault) => {
    const outcome = (run: () => void): string => {
      try {
        run();
        return 'accepted';
      } catch {
        return 'refused';
      }
    };
    const fake = createFake();
    const asScenario = { name: 'faulty', description: 'One fault.', faults: [fault] };
    const inScenario = outcome(() => validateScenario(asScenario, '"faulty"'));
    const byControl = outcome(() => fake.addFault(fault as FaultSpec));
    expect(inScenario).toBe(byControl);
  });

  it('needs an effect in a scenario, and the error says so', () => {
    const scenario = {
      name: 'idle',
      description: 'A fault that does nothing.',
      faults: [{ operationId: 'lookupUser' }],
    };
    expect(() => createFake({ scenarios: [scenario as unknown as Scenario] })).toThrowError(ScenarioError);
    expect(() => createFake({ scenarios: [scenario as unknown as Scenario] })).toThrowError(
      'Failed to load scenario "idle": faults.0 breaks a rule: A fault needs an effect: a status, a network error or a latency (a latency goes with either other).',
    );
  });
});

describe('the one definition of settings and of a throttle limit', () => {
  it.each([
    [
      'a throttle without burst',
      { throttle: { requestsPerSecond: 1 } },
      "throttle must have required property 'burst'",
    ],
    ['a burst of 0', { throttle: { requestsPerSecond: 1, burst: 0 } }, 'throttle.burst must be >= 1'],
    ['a code of 17 characters', { eacSettings: { codeLength: 17 } }, 'eacSettings.codeLength must be <= 16'],
  ])('refuses %s in a scenario with the bounds of the contract', (_name, part, reason) => {
    expect(() => validateScenario({ name: 'bounds', description: 'Out of bounds.', ...part }, '"bounds"')).toThrowError(
      `Failed to load scenario "bounds": ${reason}.`,
    );
  });

  it('gives the TypeScript types from the generated contract types', () => {
    expectTypeOf<FaultSpec>().toEqualTypeOf<components['schemas']['Fault']>();
    expectTypeOf<EacSettings>().toEqualTypeOf<components['schemas']['EacSettings']>();
    expectTypeOf<NonNullable<Scenario['eacSettings']>>().toEqualTypeOf<components['schemas']['EacSettingsFields']>();
    expectTypeOf<NonNullable<Scenario['throttle']>>().toEqualTypeOf<components['schemas']['Throttle']>();
    expectTypeOf<NonNullable<Scenario['faults']>>().toEqualTypeOf<components['schemas']['Fault'][]>();
  });
});

describe("the control plane's expiry rule", () => {
  it("is the vendor contract's ExpiryWithinSevenDays, word for word", () => {
    // eslint-disable-next-line @typescript-eslint/non-nullable-type-assertion-style -- the cast names the shape read, not only that it is present
    const vendor = (loadContract().spec.components.schemas as Record<string, unknown>).ExpiryWithinSevenDays;
    expect(vendor).toBeDefined();
    expect(controlSchemas.ExpiryWithinSevenDays).toEqual(vendor);
  });
});
