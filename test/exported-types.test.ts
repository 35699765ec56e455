/** The contract's generated types are exported by the package, with optional request fields optional. */
import { expect, expectTypeOf, it } from 'vitest';
import type { components, paths } from '../src/index.js';

type LookupBody = paths['/v1/users/lookup']['post']['requestBody']['content']['application/json'];

it('types the README lookup body without searchUnsynched, which has a default and is optional', () => {
  const body: LookupBody = { email: 'jane.doe@example.com' };
  expectTypeOf<LookupBody['searchUnsynched']>().toEqualTypeOf<boolean | undefined>();
  expectTypeOf<LookupBody>().toEqualTypeOf<components['schemas']['UserLookupRequest']>();
  expect(body).toEqual({ email: 'jane.doe@example.com' });
});

it('types the v2 enable body with every field optional and the responses as the contract says', () => {
  const body: components['schemas']['EnableEmergencyTokencodeV2Request'] = {};
  expectTypeOf<components['schemas']['UserDetails']['emergencyAccessStatus']>().toEqualTypeOf<
    'Enabled' | 'Disabled' | 'Expired'
  >();
  expect(body).toEqual({});
});
