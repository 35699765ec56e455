/** DELETE /v1/users/{userId}: Delete User Now, for a disabled user who is not already pending deletion. */
import { applicationError, emptyResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';

/** Removes a disabled user with their authenticators; an enabled or marked user is a 409. */
export function deleteUserNow({ tenant, params }: OperationContext) {
  const id = params.userId ?? '';
  const user = tenant.store.findById(id);
  if (!user) return applicationError(404, MESSAGES.userIdNotFound(id), 'no user has this id');
  if (user.userStatus === 'Enabled') {
    return applicationError(409, MESSAGES.deleteEnabledUser, 'only disabled users can be deleted now');
  }
  if (user.markDeletedAt !== undefined) {
    return applicationError(409, MESSAGES.userPendingDeletion, 'the user is marked deleted already');
  }
  tenant.deleteUser(user);
  tenant.recordAdmin({
    activity: 'USER_DELETED',
    message: `User ${user.email} deleted.`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  return emptyResponse(200);
}
