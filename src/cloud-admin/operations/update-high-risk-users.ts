/** PUT /v1/users/highrisk: adds users to the high-risk list or removes them, one result per id. */
import type { components } from '../../generated/cloud-admin.js';
import { jsonResponse, MESSAGES } from '../../core/errors.js';
import type { OperationContext } from './context.js';

type Request = components['schemas']['HighRiskUpdateRequest'];
type Response = components['schemas']['HighRiskUpdateResult'];

/** Applies the action to each known id; an unknown id gets a 404 result and the others are still applied. */
export function updateHighRiskUsers({ tenant, body }: OperationContext<Request>) {
  const add = body.action === 'add';
  const response: Response = {
    users: body.users.map((id) => {
      const user = tenant.store.findById(id);
      if (!user) {
        return {
          id,
          email: null,
          primaryUsername: null,
          alternateUsername: null,
          statusCode: '404',
          error: MESSAGES.userIdNotFound(id),
        };
      }
      if (user.highRiskUser !== add) {
        tenant.store.setHighRisk(user, add);
        tenant.recordAdmin({
          activity: add ? 'HIGH_RISK_USER_ADDED' : 'HIGH_RISK_USER_REMOVED',
          message: `User ${user.email} ${add ? 'added to' : 'removed from'} the high-risk list.`,
          target: { id: user.id, name: user.email, type: 'USER' },
        });
      }
      return {
        id,
        email: user.email,
        primaryUsername: user.email,
        alternateUsername: user.alternateUsername,
        statusCode: '200',
        error: null,
      };
    }),
  };
  return jsonResponse(200, response);
}
