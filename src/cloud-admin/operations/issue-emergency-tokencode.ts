/** The shared part of both enable versions: pick the configuration, replace the user's code, shape the v1 fields. */
import type { components } from '../../generated/cloud-admin.js';
import { formatTimestamp } from '../../core/clock.js';
import { applicationError, MESSAGES } from '../../core/errors.js';
import type { CoreResponse } from '../../core/http-types.js';
import type { ExpiryUnit } from '../../domain/company-settings.js';
import { createEacRecord } from '../../domain/emergency-tokencode.js';
import type { Tenant } from '../../domain/tenant.js';

type ConfigurationsUsed = components['schemas']['ConfigurationsUsed'];
type EmergencyTokencode = components['schemas']['EmergencyTokencode'];

/** What a request asked for; fields left out take the company defaults. */
export interface RequestedConfiguration {
  expiryValue?: number | undefined;
  expiryUnit?: ExpiryUnit | undefined;
  oneTimeUse?: boolean | undefined;
}

/** The outcome of issuing a code. */
export type IssueResult =
  | { ok: true; code: EmergencyTokencode; used: ConfigurationsUsed; locked: boolean }
  | { ok: false; response: CoreResponse };

/**
 * Issues a new code for the user: the server generates it (the client never chooses it) and it replaces any
 * previous one. When the company locked its settings, the request's values are ignored.
 */
export function issueEmergencyTokencode(
  tenant: Tenant,
  userId: string,
  requested: RequestedConfiguration,
): IssueResult {
  const user = tenant.store.findById(userId);
  if (!user) return { ok: false, response: applicationError(404, MESSAGES.userNotFound, 'no user has this id') };
  if (user.userStatus === 'Disabled') {
    return { ok: false, response: applicationError(400, MESSAGES.userDisabled, 'the user status is Disabled') };
  }
  const settings = tenant.settings;
  const take = settings.locked ? {} : requested;
  const used: ConfigurationsUsed = {
    expiryValue: take.expiryValue ?? settings.expiryValue,
    expiryUnit: take.expiryUnit ?? settings.expiryUnit,
    oneTimeUse: take.oneTimeUse ?? settings.oneTimeUse,
  };
  const eac = createEacRecord(tenant, used);
  // Everything that can fail is done before the user changes: a request either fully succeeds or changes nothing.
  const expirationDate = formatTimestamp(eac.expiresAt);
  const code = {
    emergencyTokencodeId: eac.id,
    emergencyTokencode: eac.code,
    expirationDate,
    // A new code's offline half expires with it: formatted once.
    offlineExpirationDate:
      eac.offlineExpiresAt === eac.expiresAt ? expirationDate : formatTimestamp(eac.offlineExpiresAt),
  };
  user.eac = eac;
  tenant.recordAdmin({
    activity: 'EMERGENCY_ACCESS_ENABLED',
    // A template's text is a tree of its parts until the admin log counts its bytes (Buffer.byteLength flattens it in
    // place, and the garbage collector then keeps the flat text alone): cheaper than Array.prototype.join.
    message: `Emergency Tokencode ${eac.id} enabled for ${user.email}, expiring ${code.expirationDate}.`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  return { ok: true, locked: settings.locked, used, code };
}
