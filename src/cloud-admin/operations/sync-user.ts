/** POST /v1/users/{userId}/sync: refreshes a user from the identity source (the fake has none: only the time moves). */
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import { toUserDetails } from '../../domain/user-store.js';
import type { OperationContext } from './context.js';

/** Sets the user's lastSyncTime to the clock's reading and answers their details. */
export function syncUser({ tenant, params }: OperationContext) {
  const id = params.userId ?? '';
  const user = tenant.store.findById(id);
  if (!user) return applicationError(404, MESSAGES.userIdNotFound(id), 'no user has this id');
  const now = tenant.clock.now();
  user.lastSyncTime = now;
  tenant.recordAdmin({
    activity: 'USER_SYNCHRONIZED',
    message: `User ${user.email} synchronized.`,
    target: { id: user.id, name: user.email, type: 'USER' },
  });
  return jsonResponse(200, toUserDetails(user, now));
}
