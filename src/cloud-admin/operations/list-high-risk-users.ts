/** GET /v2/users/highrisk: the users on the high-risk list, from the store's index. */
import type { components } from '../../generated/cloud-admin.js';
import { jsonResponse } from '../../core/errors.js';
import type { OperationContext } from './context.js';

type Response = components['schemas']['HighRiskUserList'];

/** Lists the high-risk users, sorted by email. */
export function listHighRiskUsers({ tenant }: OperationContext) {
  const response: Response = {
    users: tenant.store.highRiskUsers().map((user) => ({
      id: user.id,
      email: user.email,
      primaryUsername: user.email,
      alternateUsername: user.alternateUsername,
    })),
  };
  return jsonResponse(200, response);
}
