/** Compiled by tsc only: the contract's types, imported from the package by name. */
import type { components, paths } from 'cloud-admin-fake';

/** The README's lookup body: searchUnsynched has a default, so it may be left out. */
export const lookupBody: paths['/v1/users/lookup']['post']['requestBody']['content']['application/json'] = {
  email: 'jane.doe@example.com',
};

/** A status the contract allows. */
export const status: components['schemas']['UserDetails']['emergencyAccessStatus'] = 'Enabled';
