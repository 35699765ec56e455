/** A new Emergency Tokencode: the server generates it, in the company's code format, from the tenant's seeded source. */
import { alphabetOf, expiryMs, type ExpiryUnit } from './company-settings.js';
import type { Tenant } from './tenant.js';
import type { EacRecord } from './user-store.js';

/** The validity and use a code is issued with. */
export interface CodeConfiguration {
  expiryValue: number;
  expiryUnit: ExpiryUnit;
  oneTimeUse: boolean;
}

/**
 * Makes a code record valid from now for `configuration` (it is not given to any user yet).
 * @example user.eac = createEacRecord(tenant, { expiryValue: 3, expiryUnit: 'days', oneTimeUse: false });
 */
export function createEacRecord(tenant: Tenant, configuration: CodeConfiguration): EacRecord {
  const settings = tenant.settings;
  const expiresAt = tenant.clock.now() + expiryMs(configuration.expiryValue, configuration.expiryUnit);
  return {
    id: tenant.random.uuid(),
    code: tenant.random.string(settings.codeLength, alphabetOf(settings.codeCharset)),
    expiresAt,
    offlineExpiresAt: expiresAt,
    oneTimeUse: configuration.oneTimeUse,
    lastUse: null,
  };
}
