/** Operation ids and scenario names are unions from the contract and the catalogue; unknown ones throw in-process. */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createFake } from '../src/create-fake.js';
import type { VendorOperationId } from '../src/core/contract.js';
import { ControlError } from '../src/core/http-error.js';
import { BUILT_IN_SCENARIOS, type BuiltInScenarioName } from '../src/domain/scenario.js';
import type { operations } from '../src/generated/cloud-admin.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { expectCalled, expectNotCalled } from '../src/testing/expect-called.js';
import { control, originOf, tokenFor } from './support/control.js';

describe('typed names', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0 });
  });
  afterAll(() => server.close());

  it('types operation ids as the contract operationIds and scenario names as the built-in catalogue', () => {
    expectTypeOf<VendorOperationId>().toEqualTypeOf<keyof operations>();
    expectTypeOf<'enableEmergencyTokencodeV1'>().toExtend<VendorOperationId>();
    expectTypeOf<'enableEmergencyTokencode'>().not.toExtend<VendorOperationId>();
    expectTypeOf<BuiltInScenarioName>().toEqualTypeOf<(typeof BUILT_IN_SCENARIOS)[number]>();
    expectTypeOf<'eac-locked'>().toExtend<BuiltInScenarioName>();
    expectTypeOf<'eac-lock'>().not.toExtend<BuiltInScenarioName>();
    const fake = createFake({ scenarios: [{ name: 'acme', description: 'Acme Corp' }] });
    expectTypeOf<Parameters<typeof fake.useScenario>[0]>()
      .extract<string>()
      .toEqualTypeOf<BuiltInScenarioName | 'acme'>();
    fake.useScenario('acme');
    expect(fake.scenario()).toBe('acme');
  });

  it('throws in-process for an unknown journal operationId with the words of the control plane 400', async () => {
    const fake = createFake();
    const http = await control(originOf(server.apiKey), 'GET', '/__fake/journal?operationId=lookup', undefined, {
      token: await tokenFor(server.apiKey),
    });
    expect(http.status).toBe(400);
    const description = (http.body as { description: string }).description;
    expect(description).toMatch(
      /^Failed to read the journal: the operationId filter names no operation of the vendor contract: "lookup" \(known: lookupUser, /,
    );
    // @ts-expect-error -- a typo does not compile; untyped input still throws at run time
    expect(() => fake.journal({ operationId: 'lookup' })).toThrow(new ControlError(description));
  });

  it('throws for an expectNotCalled or expectCalled operationId the contract does not have, instead of passing', () => {
    const fake = createFake();
    // @ts-expect-error -- the real id is enableEmergencyTokencodeV1
    expect(() => expectNotCalled(fake, { operationId: 'enableEmergencyTokencode' })).toThrow(
      /^Failed to match calls: the operationId filter names no operation of the vendor contract: "enableEmergencyTokencode" \(known: lookupUser, /,
    );
    // @ts-expect-error -- as above
    expect(() => expectCalled(fake, { operationId: 'lookup' })).toThrow(TypeError);
    expect(() => expectNotCalled(fake, { operationId: 'enableEmergencyTokencodeV1' })).not.toThrow();
  });

  it('throws an UnknownScenarioError for a scenario name from untyped input', () => {
    const fake = createFake();
    const name = JSON.parse('"defualt"') as BuiltInScenarioName;
    expect(() => fake.useScenario(name)).toThrow(/^Failed to find scenario "defualt"/);
  });
});
