/** DELETE /v1/users/{userId}/emergencyTokencode/{emergencyTokencodeId}: disables all of the user's codes. */
import { applicationError, emptyJsonResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';

/**
 * Disables the user's code whatever id is given, as the vendor removes all of a user's codes. The offline half
 * keeps working until its expiry (D-DEAC), so a code whose offline expiry is ahead is kept, marked disabled.
 */
export function disableEmergencyTokencode({ tenant, params }: OperationContext<undefined>) {
  const user = tenant.store.findById(params.userId ?? '');
  if (!user) return applicationError(404, MESSAGES.userNotFound, 'no user has this id');
  const now = tenant.clock.now();
  const eac = user.eac;
  user.eac = eac && now <= eac.offlineExpiresAt ? { ...eac, disabledAt: eac.disabledAt ?? now } : null;
  tenant.recordAdmin({
    activity: 'EMERGENCY_ACCESS_DISABLED',
    message: `Emergency Tokencode of ${user.email} disabled.`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  return emptyJsonResponse(200);
}
