/** PUT /v1/users/{userId}/markDeleted: marks a user for deletion in 7 days, or takes the mark away. */
import type { components } from '../../generated/cloud-admin.js';
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';

type Request = components['schemas']['MarkDeletedRequest'];
type Response = components['schemas']['MarkDeletedResponse'];

/** true marks an unmarked user, false unmarks a marked one; asking for the mark the user has is a 409. */
export function markUserDeleted({ tenant, params, body }: OperationContext<Request>) {
  const id = params.userId ?? '';
  const user = tenant.store.findById(id);
  if (!user) return applicationError(404, MESSAGES.userIdNotFound(id), 'no user has this id');
  // The vendor example sends "true" as a string; the contract allows the two strings beside the booleans.
  const mark = body.markDeleted === true || body.markDeleted === 'true';
  const marked = user.markDeletedAt !== undefined;
  if (mark && marked) return applicationError(409, MESSAGES.alreadyMarkedDeleted, 'the user is already marked');
  if (!mark && !marked) return applicationError(409, MESSAGES.notMarkedDeleted, 'the user has no mark to take away');
  const target = { id: user.id, name: user.email, type: 'USER' };
  if (mark) {
    tenant.store.markDeleted(user, tenant.accessId, tenant.clock.now());
    tenant.recordAdmin({ activity: 'USER_MARKED_DELETED', message: `User ${user.email} marked deleted.`, target });
  } else {
    tenant.store.unmarkDeleted(user);
    tenant.recordAdmin({ activity: 'USER_UNMARKED_DELETED', message: `User ${user.email} unmarked.`, target });
  }
  const response: Response = { id: user.id, markDeleted: mark };
  return jsonResponse(200, response);
}
