/** PUT /v1/users/{userId}/userStatus: enables or disables a user. */
import type { components } from '../../generated/cloud-admin.js';
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';

type Response = components['schemas']['UserStatusResponse'];

/** Sets the user's status; a disabled user cannot be given an Emergency Tokencode. */
export function setUserStatus({ tenant, params, body }: OperationContext<components['schemas']['UserStatusRequest']>) {
  const id = params.userId ?? '';
  const user = tenant.store.findById(id);
  if (!user) return applicationError(404, MESSAGES.userIdNotFound(id), 'no user has this id');
  user.userStatus = body.userStatus;
  tenant.recordAdmin({
    activity: 'USER_STATUS_CHANGED',
    message: `User ${user.email} status set to ${body.userStatus}.`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  const response: Response = { id: user.id, userStatus: user.userStatus };
  return jsonResponse(200, response);
}
