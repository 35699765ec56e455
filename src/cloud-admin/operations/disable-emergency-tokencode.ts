/** DELETE /v1/users/{userId}/emergencyTokencode/{emergencyTokencodeId}: disables all of the user's codes. */
import { applicationError, emptyResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';

/** Clears the user's code whatever id is given, as the vendor removes all of a user's codes. */
export function disableEmergencyTokencode({ tenant, params }: OperationContext<undefined>) {
  const user = tenant.store.findById(params.userId ?? '');
  if (!user) return applicationError(404, MESSAGES.userNotFound, 'no user has this id');
  user.eac = null;
  tenant.recordAdmin({
    activity: 'EMERGENCY_ACCESS_DISABLED',
    message: `Emergency Tokencode of ${user.email} disabled.`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  return emptyResponse(200);
}
