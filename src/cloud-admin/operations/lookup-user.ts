/** POST /v1/users/lookup: the user's details, including the state of their Emergency Tokencode. */
import type { components } from '../../generated/cloud-admin.js';
import { applicationError, jsonResponse, MESSAGES } from '../../core/errors.js';
import { toUserDetails } from '../../domain/user-store.js';
import type { OperationContext } from './context.js';

/** Looks a user up by email address; 404 with the vendor's text when there is none. */
export function lookupUser({ tenant, body }: OperationContext<components['schemas']['UserLookupRequest']>) {
  const user = tenant.store.findByEmail(body.email);
  if (!user) return applicationError(404, MESSAGES.userEmailNotFound(body.email), 'no user has this email');
  return jsonResponse(200, toUserDetails(user, tenant.clock.now()));
}
